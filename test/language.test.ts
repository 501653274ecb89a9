import { expect } from 'chai';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, type Logger } from '../src/log/logger.js';
import { AzureLanguageService } from '../src/language/azureLanguage.js';
import { CircuitBreaker } from '../src/language/circuitBreaker.js';
import { createLanguageService, resolveLanguageName, languageLabel, findLanguageMentions, type LanguageNameResult } from '../src/language/index.js';
import { OfflineLanguageService } from '../src/language/offlineLanguage.js';
import { ResilientLanguageService } from '../src/language/resilientLanguage.js';
import { LanguageServiceError } from '../src/language/types.js';
import { API_PATH, API_VERSION, FakeAzureLanguage } from './harness/fakeAzureLanguage.js';
import { TestClock } from './harness/testClock.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));


function memoryLog(): { log: Logger; lines: Record<string, any>[]; raw: string[] } {
  const raw: string[] = [];
  const lines: Record<string, any>[] = [];
  const log = createLogger('debug', (line) => {
    raw.push(line);
    lines.push(JSON.parse(line));
  });
  return { log, lines, raw };
}

/** Compact form of a name lookup for table assertions: "ar", "ambiguous:kmr,ckb" or "none". */
function outcome(r: LanguageNameResult): string {
  if ('code' in r) return r.code;
  if ('ambiguous' in r) return `ambiguous:${r.ambiguous.map((a) => a.code).join(',')}`;
  return 'none';
}

describe('language service', () => {
  describe('Azure adapter against the fake Azure Language server', () => {
    let fake: FakeAzureLanguage;
    let clock: TestClock;
    const azure = (options: { key?: string; timeoutMs?: number; maxRetries?: number } = {}) =>
      new AzureLanguageService({ endpoint: fake.url, key: options.key ?? fake.key, timeoutMs: options.timeoutMs ?? 5000, maxRetries: options.maxRetries ?? 0, clock });

    before(async () => {
      fake = await new FakeAzureLanguage().start();
    });
    after(async () => {
      await fake.stop();
    });
    beforeEach(() => {
      fake.reset();
      clock = new TestClock();
    });

    it('detects through the real TextAnalysisClient with the documented request shape', async () => {
      const table: Record<string, string> = { 'Nerede benim avukatım?': 'tr', 'Où est mon avocat ?': 'fr' };
      fake.detectWith = (text) => (table[text] ? { name: 'x', iso6391Name: table[text]!, confidenceScore: 0.87 } : undefined);
      const service = azure();

      expect(await service.detect('Nerede benim avukatım?')).to.deep.equal({ language: 'tr', confidence: 0.87, source: 'azure' });
      expect((await service.detect('Où est mon avocat ?')).language).to.equal('fr');
      // Not in the table: the fake's own script heuristic answers.
      expect((await service.detect('Мне нужен переводчик')).language).to.equal('ru');

      expect(fake.received).to.have.length(3);
      const req = fake.received[0]!;
      expect(req.method).to.equal('POST');
      expect(req.path).to.equal(API_PATH);
      expect(req.query['api-version']).to.equal(API_VERSION);
      expect(req.headers['ocp-apim-subscription-key']).to.equal(fake.key);
      expect(req.body).to.deep.equal({
        kind: 'LanguageDetection',
        analysisInput: { documents: [{ id: '0', text: 'Nerede benim avukatım?', countryHint: 'none' }] },
        parameters: {},
      });
    });

    it('maps "(Unknown)" to und and does not call Azure for text without letters', async () => {
      const service = azure();
      fake.detectWith = () => ({ name: '(Unknown)', iso6391Name: '(Unknown)', confidenceScore: 0 });
      expect(await service.detect('?? !!  ok')).to.deep.equal({ language: 'und', confidence: 0, source: 'azure' });
      expect(await service.detect('12345 ...')).to.deep.equal({ language: 'und', confidence: 0, source: 'azure' });
      expect(fake.received).to.have.length(1);
    });

    it('redacts with UTF-16 offsets (stringIndexType), placeholders, our rules on top, and keeps the Buchnummer', async () => {
      fake.people = ['Max Mustermann'];
      const text = '🙂🙂 Max Mustermann (Buchnummer 1234/25), geb. 01.02.1990, max.mustermann@example.org';
      // The fake also flags the Buchnummer as a phone number: it must stay anyway.
      const base = fake.piiWith;
      fake.piiWith = (t, lang) => {
        const at = t.indexOf('1234/25');
        return [...(base ? base(t, lang) : []), ...(at >= 0 ? [{ start: at, length: 7, category: 'PhoneNumber' }] : [])].concat(
          t.includes('Max Mustermann') ? [{ start: t.indexOf('Max Mustermann'), length: 14, category: 'Person' }] : [],
          t.includes('@') ? [{ start: t.indexOf('max.mustermann@'), length: 'max.mustermann@example.org'.length, category: 'Email' }] : [],
        );
      };
      const result = await azure().redactPii(text, 'de');

      expect(result.source).to.equal('azure');
      expect(result.text).to.equal('🙂🙂 [Name] (Buchnummer 1234/25), geb. [Geburtsdatum], [E-Mail]');
      expect(result.entities.map((e) => [e.category, text.slice(e.offset, e.offset + e.length)])).to.deep.equal([
        ['person', 'Max Mustermann'],
        ['birthDate', '01.02.1990'],
        ['email', 'max.mustermann@example.org'],
      ]);
      const body = fake.received[0]!.body;
      expect(body.kind).to.equal('PiiEntityRecognition');
      expect(body.parameters.stringIndexType).to.equal('Utf16CodeUnit');
      expect(body.parameters.piiCategories).to.include.members(['Person', 'PhoneNumber', 'Email', 'Address', 'InternationalBankingAccountNumber']);
      expect(body.parameters.piiCategories).not.to.include('DateTime');
      expect(body.analysisInput.documents).to.deep.equal([{ id: '0', text, language: 'de' }]);

      const en = await azure().redactPii('Call Max Mustermann', 'en');
      expect(en.text).to.equal('Call [Name]');
      expect(fake.received[1]!.body.analysisInput.documents[0].language).to.equal('en');
    });

    it('splits long texts into documents of at most 5,000 characters and maps offsets back', async () => {
      fake.people = ['Erika Musterfrau'];
      const text = `${'Wort '.repeat(1500)}Erika Musterfrau ${'noch '.repeat(10)}`;
      const result = await azure().redactPii(text);
      expect(fake.received[0]!.body.analysisInput.documents).to.have.length(2);
      for (const d of fake.received[0]!.body.analysisInput.documents) expect(d.text.length).to.be.at.most(5000);
      expect(result.text).to.contain('Wort [Name] noch');
      expect(text.substr(result.entities[0]!.offset, result.entities[0]!.length)).to.equal('Erika Musterfrau');
    });

    it('turns a wrong key into an auth error (401 with Azure\'s error body)', async () => {
      const err = await azure({ key: 'wrong-key' }).detect('Ich brauche einen Arzt').catch((e: unknown) => e);
      expect(err).to.be.instanceOf(LanguageServiceError);
      expect(err).to.include({ reason: 'auth', statusCode: 401 });
      expect(fake.received).to.have.length(1); // 401 is not retried
    });

    it('lets the SDK retry a 429 after Retry-After, and gives up as "throttled" after maxRetries', async () => {
      fake.failNext({ status: 429, retryAfter: 1 });
      const ok = await azure({ maxRetries: 2 }).detect('Ich brauche bitte einen Arzt');
      expect(ok).to.include({ language: 'de', source: 'azure' });
      expect(fake.received).to.have.length(2);

      fake.reset();
      fake.failNext({ status: 429, retryAfter: 1 }, { status: 429, retryAfter: 1 });
      const err = await azure({ maxRetries: 1 }).detect('Ich brauche bitte einen Arzt').catch((e: unknown) => e);
      expect(err).to.include({ reason: 'throttled', statusCode: 429 });
      expect(fake.received).to.have.length(2);
    });

    it('classifies timeout, malformed JSON, wrong shapes and document errors', async () => {
      const reason = (p: Promise<unknown>) => p.then(() => 'answered', (e: LanguageServiceError) => e.reason);
      fake.failNext({ delayMs: 2000 });
      expect(await reason(azure({ timeoutMs: 200 }).detect('hello there'))).to.equal('timeout');
      fake.failNext({ malformed: true });
      expect(await reason(azure().detect('hello there'))).to.equal('malformed');
      fake.failNext({ wrongShape: true });
      expect(await reason(azure().detect('hello there'))).to.equal('malformed');
      fake.failNext({ documentError: 'Document text is too long.' });
      expect(await reason(azure().detect('hello there'))).to.equal('document');
      fake.failNext({ status: 503 });
      expect(await reason(azure().detect('hello there'))).to.equal('unavailable');
      fake.failNext({ status: 400, body: { error: { code: 'InvalidArgument', message: 'Invalid parameter.' } } });
      expect(await reason(azure().redactPii('hello there'))).to.equal('request');
    });

    describe('with the offline fallback and the circuit breaker', () => {
      const text = 'Ich brauche bitte einen Arzt';
      const resilient = (options: { key?: string; timeoutMs?: number; failureThreshold?: number; coolDownMs?: number } = {}) => {
        const { log, lines, raw } = memoryLog();
        const service = new ResilientLanguageService(azure(options), new OfflineLanguageService({ clock }), log, clock, {
          failureThreshold: options.failureThreshold ?? 3,
          coolDownMs: options.coolDownMs ?? 60_000,
        });
        return { service, lines, raw };
      };
      const fallbacks = (lines: Record<string, any>[]) => lines.filter((l) => l.event === 'language.fallback');

      it('answers from Azure while it is healthy', async () => {
        const { service, lines } = resilient();
        expect(await service.detect(text)).to.include({ language: 'de', source: 'azure' });
        expect(fallbacks(lines)).to.have.length(0);
      });

      it('falls back on 401, timeout and malformed answers, logs a reason code and never the text', async () => {
        const wrongKey = resilient({ key: 'wrong-key' });
        const d = await wrongKey.service.detect(text);
        expect(d).to.include({ language: 'de', source: 'offline' });
        expect(fallbacks(wrongKey.lines)[0]).to.include({ level: 'warn', op: 'detect', reason: 'auth', statusCode: 401 });

        const { service, lines, raw } = resilient({ timeoutMs: 200 });
        fake.failNext({ delayMs: 2000 });
        expect(await service.detect(text)).to.include({ source: 'offline' });
        fake.failNext({ malformed: true });
        const redaction = await service.redactPii('Rückruf an Frau Erika Musterfrau unter 0221 1234567', 'de');
        expect(redaction).to.deep.equal({
          text: 'Rückruf an Frau [Name] unter [Telefon]',
          entities: [
            { category: 'person', offset: 16, length: 16 },
            { category: 'phone', offset: 39, length: 12 },
          ],
          source: 'offline',
        });
        expect(fallbacks(lines).map((l) => [l.op, l.reason])).to.deep.equal([
          ['detect', 'timeout'],
          ['redact', 'malformed'],
        ]);
        for (const line of [...raw, ...wrongKey.raw]) {
          expect(line).not.to.contain('Arzt');
          expect(line).not.to.contain('Musterfrau');
          expect(line).not.to.contain('1234567');
        }
      });

      it('a document error falls back without counting against Azure', async () => {
        const { service, lines } = resilient({ failureThreshold: 2 });
        fake.failNext({ documentError: 'Document text is too long.' }, { documentError: 'Document text is too long.' }, { documentError: 'x' });
        for (let i = 0; i < 3; i++) expect(await service.detect(text)).to.include({ source: 'offline' });
        expect(service.circuitState).to.equal('closed');
        expect(await service.detect(text)).to.include({ source: 'azure' });
        expect(fallbacks(lines).every((l) => l.reason === 'document')).to.equal(true);
      });

      it('opens after N consecutive failures, does not call Azure until the cool-down passed, then one probe closes it', async () => {
        const { service, lines } = resilient({ failureThreshold: 2, coolDownMs: 60_000 });
        fake.failNext({ status: 500 }, { status: 500 });
        expect(await service.detect(text)).to.include({ source: 'offline' });
        expect(service.circuitState).to.equal('closed');
        expect(await service.detect(text)).to.include({ source: 'offline' });
        expect(service.circuitState).to.equal('open');
        expect(lines.filter((l) => l.event === 'language.circuit.open')).to.have.length(1);
        expect(fake.received).to.have.length(2);

        // Open: Azure is not called at all, not even by redaction.
        for (let i = 0; i < 3; i++) expect(await service.detect(text)).to.include({ source: 'offline' });
        expect(await service.redactPii('Tel. 0221 1234567')).to.include({ source: 'offline' });
        clock.advance(59_999);
        expect(await service.detect(text)).to.include({ source: 'offline' });
        expect(fake.received).to.have.length(2);
        expect(fallbacks(lines).filter((l) => l.reason === 'circuit_open')).to.have.length(5);

        // Cool-down over: one probe; it succeeds and closes the circuit.
        clock.advance(1);
        expect(await service.detect(text)).to.include({ source: 'azure' });
        expect(service.circuitState).to.equal('closed');
        expect(await service.detect(text)).to.include({ source: 'azure' });
        expect(fake.received).to.have.length(4);
        expect(lines.map((l) => l.event).filter((e) => e.startsWith('language.circuit'))).to.deep.equal([
          'language.circuit.open',
          'language.circuit.halfOpen',
          'language.circuit.closed',
        ]);
      });

      it('a failed probe opens the circuit again for another cool-down', async () => {
        const { service } = resilient({ failureThreshold: 1, coolDownMs: 1000 });
        fake.failNext({ status: 500 });
        await service.detect(text);
        expect(service.circuitState).to.equal('open');
        clock.advance(1000);
        fake.failNext({ status: 503 });
        expect(await service.detect(text)).to.include({ source: 'offline' });
        expect(service.circuitState).to.equal('open');
        expect(fake.received).to.have.length(2);
        clock.advance(999);
        await service.detect(text);
        expect(fake.received).to.have.length(2);
        clock.advance(1);
        expect(await service.detect(text)).to.include({ source: 'azure' });
        expect(fake.received).to.have.length(3);
      });

      it('createLanguageService: Azure with fallback when LANGUAGE_* are set, offline otherwise', async () => {
        const { log, lines } = memoryLog();
        const withAzure = createLanguageService({ language: { endpoint: fake.url, key: fake.key } }, log, clock, { maxRetries: 0 });
        expect(await withAzure.detect(text)).to.include({ source: 'azure' });
        const offline = createLanguageService({}, log, clock);
        expect(await offline.detect(text)).to.include({ source: 'offline' });
        expect(fake.received).to.have.length(1);
        expect(lines.filter((l) => l.event === 'language.service').map((l) => l.primary)).to.deep.equal(['azure', 'offline']);
      });

      it('rejects bad input before calling anyone', async () => {
        const { service } = resilient();
        const err = await service.redactPii('x'.repeat(50_001)).catch((e: unknown) => e);
        expect(err).to.have.property('name', 'ZodError');
        expect(await service.redactPii('ok', 'fr' as 'de').catch((e: unknown) => (e as Error).name)).to.equal('ZodError');
        expect(fake.received).to.have.length(0);
      });
    });
  });

  describe('circuit breaker on a manual clock', () => {
    it('lets exactly one probe through in half-open state', () => {
      const clock = new TestClock();
      const breaker = new CircuitBreaker(clock, { failureThreshold: 2, coolDownMs: 10 });
      expect(breaker.tryAcquire()).to.equal(true);
      breaker.failure();
      breaker.success(); // resets the count: failures must be consecutive
      breaker.failure();
      expect(breaker.state).to.equal('closed');
      breaker.failure();
      expect(breaker.state).to.equal('open');
      expect(breaker.tryAcquire()).to.equal(false);
      clock.advance(10);
      expect(breaker.tryAcquire()).to.equal(true);
      expect(breaker.state).to.equal('halfOpen');
      expect(breaker.tryAcquire()).to.equal(false);
      breaker.success();
      expect(breaker.state).to.equal('closed');
    });
  });

  describe('offline redaction', () => {
    const service = new OfflineLanguageService({ clock: new TestClock() });
    const cases: [string, 'de' | 'en', string][] = [
      ['Gefangener Max Mustermann (Buchnummer 1234/25) braucht einen Dolmetscher.', 'de', 'Gefangener [Name] (Buchnummer 1234/25) braucht einen Dolmetscher.'],
      ['Inhaftierte(r) Erika Musterfrau spricht Tigrinya.', 'de', 'Inhaftierte(r) [Name] spricht Tigrinya.'],
      ['Der Gefangene spricht nur Arabisch.', 'de', 'Der Gefangene spricht nur Arabisch.'],
      ['Bitte Frau Dr. Erika Musterfrau und Herrn Mustermann informieren.', 'de', 'Bitte Frau Dr. [Name] und Herrn [Name] informieren.'],
      ['Name: max mustermann; Termin am 12.03.2026 um 10 Uhr', 'de', 'Name: [Name]; Termin am 12.03.2026 um 10 Uhr'],
      ['Rückruf: 0221 1234567, mobil +49 (0)170 1234567, Tel. 0221/9876-0', 'de', 'Rückruf: [Telefon], mobil [Telefon], Tel. [Telefon]'],
      ['Mail an erika.musterfrau@example.org senden', 'de', 'Mail an [E-Mail] senden'],
      ['Überweisung auf DE89 3704 0044 0532 0130 00 prüfen', 'de', 'Überweisung auf [IBAN] prüfen'],
      ['geb. 01.02.1990 in Beispielstadt; Geburtsdatum: 3. März 1985', 'de', 'geb. [Geburtsdatum] in Beispielstadt; Geburtsdatum: [Geburtsdatum]'],
      ['Frist bis 30.11.2026, Aufnahme am 01.03.1999', 'de', 'Frist bis 30.11.2026, Aufnahme am [Geburtsdatum]'],
      ['wohnt Musterstraße 12a, 50667 Köln; früher Lange Str. 3', 'de', 'wohnt [Adresse]; früher [Adresse]'],
      ['Ausweis-Nr.: L01X00T47, Az. 4 KLs 12/25, Fall-Nr. E-2025-0042', 'de', 'Ausweis-Nr.: [Ausweisnummer], Az. 4 KLs 12/25, Fall-Nr. E-2025-0042'],
      ['Fr. 12.03. Termin in Haus B, Zelle 123', 'de', 'Fr. 12.03. Termin in Haus B, Zelle 123'],
      ['Inmate Jane Roe asked for a Somali interpreter. Phone: 0049 211 987654.', 'en', 'Inmate [Name] asked for a Somali interpreter. Phone: [Phone].'],
      ['Mr. Smith met the prisoner Ali el Amrani, date of birth 04/05/1979.', 'en', 'Mr. [Name] met the prisoner [Name], date of birth [Date of birth].'],
      ['Passport no. C01X00T47, case reference 2025/0042, e-mail jane@example.org', 'en', 'Passport no. [ID number], case reference 2025/0042, e-mail [E-mail]'],
    ];
    for (const [input, locale, expected] of cases) {
      it(`${locale}: ${input.slice(0, 60)}`, async () => {
        const r = await service.redactPii(input, locale);
        expect(r.text).to.equal(expected);
        expect(r.source).to.equal('offline');
        // Entities point into the original text and do not overlap.
        let end = 0;
        for (const e of r.entities) {
          expect(e.offset).to.be.at.least(end);
          end = e.offset + e.length;
          expect(input.slice(e.offset, end).trim()).to.have.length.greaterThan(0);
        }
      });
    }

    it('defaults to German placeholders', async () => {
      expect((await service.redactPii('Herr Mustermann')).text).to.equal('Herr [Name]');
    });
  });

  describe('offline detection (sanity, not accuracy: that is a bench figure)', () => {
    const service = new OfflineLanguageService();
    it('recognises unmistakable texts', async () => {
      expect(await service.detect('أريد أن أتحدث مع محامٍ لأنني لا أفهم الرسالة التي وصلتني من المحكمة اليوم')).to.include({ language: 'ar', source: 'offline' });
      expect((await service.detect('Мне нужен переводчик, потому что я не понимаю письмо из суда.')).language).to.equal('ru');
      expect((await service.detect('Ich möchte heute noch mit meinem Anwalt sprechen, weil ich den Brief vom Gericht nicht verstehe.')).language).to.equal('de');
      expect((await service.detect('ეს წერილი არ მესმის')).language).to.equal('ka');
    });
    it('reports families as alternatives and und for no letters', async () => {
      const sh = await service.detect('Molim vas, trebam prevoditelja za sutra.');
      expect(sh.language).to.equal('sh');
      expect(sh.alternatives?.map((a) => a.language)).to.include.members(['hr', 'sr', 'bs']);
      const fa = await service.detect('می‌خواهم با وکیلم صحبت کنم');
      expect(fa.language).to.equal('fa');
      expect(fa.alternatives?.[0]?.language).to.equal('prs');
      expect(await service.detect('  12345 ?! ')).to.deep.equal({ language: 'und', confidence: 0, source: 'offline' });
      expect(await service.detect('')).to.deep.equal({ language: 'und', confidence: 0, source: 'offline' });
      for (const d of [sh, fa]) expect(d.confidence).to.be.within(0, 1);
    });
  });

  describe('language names', () => {
    const table: [string, string][] = [
      ['Arabisch', 'ar'],
      ['arabic', 'ar'],
      ['ar', 'ar'],
      ['ARABISCH', 'ar'],
      ['العربية', 'ar'],
      ['arabische Sprache', 'ar'],
      ['Dolmetscher für Arabisch', 'ar'],
      ['ara', 'ar'],
      ['Farsi', 'fa'],
      ['Persisch', 'fa'],
      ['persian', 'fa'],
      ['Dari', 'prs'],
      ['fa-AF', 'prs'],
      ['Afghanisch', 'ambiguous:prs,ps'],
      ['Kurdisch', 'ambiguous:kmr,ckb'],
      ['kurdish', 'ambiguous:kmr,ckb'],
      ['ku', 'ambiguous:kmr,ckb'],
      ['Kurmanji', 'kmr'],
      ['Kurmandschi', 'kmr'],
      ['Sorani', 'ckb'],
      ['ku-Arab', 'ckb'],
      ['Tigrinya', 'ti'],
      ['Tigrinisch', 'ti'],
      ['ትግርኛ', 'ti'],
      ['Serbokroatisch', 'sh'],
      ['BKS', 'sh'],
      ['Serbisch', 'sr'],
      ['Kroatisch', 'hr'],
      ['bosnisch', 'bs'],
      ['srpski', 'sr'],
      ['Türkisch', 'tr'],
      ['tuerkisch', 'tr'],
      ['Turkisch', 'tr'],
      ['turkish', 'tr'],
      ['Türkçe', 'tr'],
      ['turkce', 'tr'],
      ['Maghrebinisch', 'ary'],
      ['Algerisch', 'arq'],
      ['Syrisch-Arabisch', 'apc'],
      ['Darija', 'ary'],
      ['Marokkanisch', 'ary'],
      ['Albanisch', 'sq'],
      ['shqip', 'sq'],
      ['Paschtu', 'ps'],
      ['Pashto', 'ps'],
      ['Georgisch', 'ka'],
      ['Somali', 'so'],
      ['Vietnamesisch', 'vi'],
      ['Romanes', 'rom'],
      ['Romani', 'rom'],
      ['Gebärdensprache', 'sgn'],
      ['Gebaerdensprache', 'sgn'],
      ['DGS', 'gsg'],
      ['Rumänisch', 'ro'],
      ['rumaenisch', 'ro'],
      ['Moldauisch', 'ro'],
      ['Polnisch', 'pl'],
      ['Russisch', 'ru'],
      ['русский', 'ru'],
      ['Ukrainisch', 'uk'],
      ['Bulgarisch', 'bg'],
      ['Französisch', 'fr'],
      ['franzoesisch', 'fr'],
      ['Englisch', 'en'],
      ['ger', 'de'],
      ['Berberisch', 'ambiguous:rif,shi,kab'],
      ['Tschetschenisch', 'ce'],
      ['und', 'none'],
      ['Klingonisch', 'none'],
      ['', 'none'],
    ];
    for (const [input, expected] of table) {
      it(`${JSON.stringify(input)} → ${expected}`, () => {
        expect(outcome(resolveLanguageName(input))).to.equal(expected);
      });
    }

    it('labels in German and English, with ask-back labels for ambiguous names', () => {
      expect(resolveLanguageName('Kurmanji')).to.deep.equal({ code: 'kmr', label: { de: 'Kurmandschi (Nordkurdisch)', en: 'Kurmanji (Northern Kurdish)' } });
      expect(resolveLanguageName('Kurdisch')).to.deep.equal({
        ambiguous: [
          { code: 'kmr', label: { de: 'Kurmandschi (Nordkurdisch)', en: 'Kurmanji (Northern Kurdish)' } },
          { code: 'ckb', label: { de: 'Sorani (Zentralkurdisch)', en: 'Sorani (Central Kurdish)' } },
        ],
      });
      expect(languageLabel('ar', 'de')).to.equal('Arabisch');
      expect(languageLabel('ti', 'en')).to.equal('Tigrinya');
      expect(languageLabel('sh', 'de')).to.equal('Serbokroatisch (Bosnisch/Kroatisch/Serbisch)');
      expect(languageLabel('und', 'en')).to.equal('unknown language');
    });

    it('finds language names in free text, but not codes that are ordinary words', () => {
      expect(findLanguageMentions('Ich brauche einen Dolmetscher für Arabisch morgen um 10 am Montag')).to.deep.equal([{ codes: ['ar'], match: 'arabisch' }]);
      expect(findLanguageMentions('interpreter for Kurdish or Tigrinya, so please call').map((m) => m.codes)).to.deep.equal([['kmr', 'ckb'], ['ti']]);
    });
  });

  describe('detect-language CLI (contract)', () => {
    function run(input: string, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
      return new Promise((resolve, reject) => {
        const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LANGUAGE_')));
        const child = spawn(process.execPath, ['--import', 'tsx', path.join('scripts', 'detect-language.ts')], { cwd: ROOT, env: { ...clean, LOG_LEVEL: 'info', ...env } });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.once('error', reject);
        child.once('exit', (code) => resolve({ code, stdout, stderr }));
        child.stdin.end(input);
      });
    }
    const lines = ['Ich brauche einen Arzt und einen Dolmetscher.', '', '   ', 'Мне нужен врач.', 'أين نقودي؟', '12345'];

    it('offline: one JSON object per non-empty line, empty lines skipped, logs on stderr only', async () => {
      const { code, stdout, stderr } = await run(lines.join('\n') + '\n');
      expect(code).to.equal(0);
      const out = stdout.trim().split('\n').map((l) => JSON.parse(l));
      expect(out).to.have.length(4);
      for (const o of out) {
        expect(Object.keys(o)).to.deep.equal(['language', 'confidence', 'source']);
        expect(o.source).to.equal('offline');
        expect(o.confidence).to.be.within(0, 1);
      }
      expect(out.map((o) => o.language)).to.deep.equal(['de', 'ru', 'ar', 'und']);
      expect(stderr).to.contain('language.offline.loaded');
      expect(stderr).not.to.contain('Arzt');
    });

    it('uses Azure when LANGUAGE_ENDPOINT/LANGUAGE_KEY are set, and refuses half a configuration', async () => {
      const fake = await new FakeAzureLanguage().start();
      try {
        const { code, stdout } = await run('Where is my lawyer please\n\nNerede benim avukatım?\n', { LANGUAGE_ENDPOINT: fake.url, LANGUAGE_KEY: fake.key });
        expect(code).to.equal(0);
        const out = stdout.trim().split('\n').map((l) => JSON.parse(l));
        expect(out.map((o) => o.source)).to.deep.equal(['azure', 'azure']);
        expect(out[0].language).to.equal('en');
        expect(fake.received).to.have.length(2);
      } finally {
        await fake.stop();
      }
      const half = await run('hallo\n', { LANGUAGE_ENDPOINT: 'https://example.org' });
      expect(half.code).to.equal(2);
      expect(half.stderr).to.contain('LANGUAGE_KEY');
    });
  });
});
