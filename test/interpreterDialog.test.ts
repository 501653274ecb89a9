// The interpreter dialog through the real bot router on a TestAdapter (botbuilder-testing): guided,
// one sentence (with and without the command word), a language detected from a pasted sample, an
// ambiguous name, past times refused, change at the summary (buttons and words), cancel, English,
// "meine dolmetscher" with cancel, an organiser button in a client without invokes, the address file
// dialog, the inbox registration, and who may use it.
import { expect } from 'chai';
import { ConversationState, MemoryStorage, TestAdapter, type Activity } from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LotseBot } from '../src/bot/lotseBot.js';
import type { CapabilityContext } from '../src/bot/capability.js';
import { silentLogger } from '../src/log/logger.js';
import { OfflineLanguageService } from '../src/language/offlineLanguage.js';
import { InterpreterDialog, interpreterCapabilities } from '../dialogs/interpreter/index.js';
import { admin, brOfficer, institutions, interpreterFixture, organiser, requester, staff, visible, type InterpreterFixture } from './harness/interpreterFixtures.js';

type Reply = Partial<Activity>;
const ARABIC_SAMPLE = 'مرحبا، أحتاج إلى مساعدة بخصوص موعد المحكمة غدا في الصباح';

describe('interpreter dialog (router on a TestAdapter)', () => {
  let fx: InterpreterFixture;
  let bot: LotseBot;
  let conversation = 0;
  const language = new OfflineLanguageService({ log: silentLogger });

  beforeEach(async () => {
    fx = await interpreterFixture(); // Tuesday 10 March 2026, 14:30 in Berlin
    const deps = { log: silentLogger, institutions } as unknown as CapabilityContext;
    bot = new LotseBot({
      conversationState: new ConversationState(new MemoryStorage()),
      roles: fx.roles,
      conversations: fx.conversations,
      audit: fx.audit,
      log: silentLogger,
      capabilities: interpreterCapabilities(fx.service, language, deps),
      allowedTenants: [],
      timeZone: 'Europe/Berlin',
    });
  });
  afterEach(async () => {
    await fx.close();
  });

  /** A client for one user in one conversation; `say` returns every reply of the turn. */
  function user(userKey: string, opts: { locale?: string; conversation?: Record<string, unknown>; channelData?: unknown } = {}) {
    const client = new DialogTestClient(
      new TestAdapter((ctx) => bot.run(ctx), {
        channelId: 'test',
        from: { id: userKey, name: 'x' },
        conversation: { id: `conversation-${++conversation}`, ...opts.conversation },
        locale: opts.locale ?? 'de-DE',
        ...(opts.channelData ? { channelData: opts.channelData } : {}),
      } as Partial<Activity>),
      new InterpreterDialog(fx.service, language, silentLogger),
    );
    const say = async (input: string | Partial<Activity>): Promise<Reply[]> => {
      const replies: Reply[] = [];
      let reply = await client.sendActivity(typeof input === 'string' ? input : ({ type: 'message', ...input } as Partial<Activity>));
      while (reply) {
        replies.push(reply);
        reply = client.getNextReply();
      }
      return replies;
    };
    const text = async (input: string | Partial<Activity>) => visible(await say(input));
    return { say, text };
  }

  const submitData = (replies: Reply[], title: string): Record<string, unknown> => {
    const found: Record<string, unknown>[] = [];
    const walk = (n: unknown) => {
      if (Array.isArray(n)) n.forEach(walk);
      else if (n && typeof n === 'object') {
        const o = n as Record<string, any>;
        if ((o.type === 'Action.Submit' || o.type === 'Action.Execute') && o.title === title) found.push(o.verb ? { ...o.data, verb: o.verb } : o.data);
        Object.values(o).forEach(walk);
      }
    };
    walk(replies.map((r) => r.attachments));
    if (!found[0]) throw new Error(`no button "${title}" in: ${visible(replies).slice(0, 400)}`);
    return found[0];
  };

  it('guided: asks language, time (day first, then the hour), duration, mode, purpose; summary with cost; sends', async () => {
    const u = user(requester.userKey);
    expect(await u.text('dolmetscher')).to.contain('Für welche Sprache').and.contain('Sprache erkennen').and.contain('Arabisch');
    expect(await u.text('Farsi')).to.contain('Wann?');
    expect(await u.text('übermorgen')).to.contain('Um wie viel Uhr am Donnerstag, 12. März?');
    expect(await u.text('9:30')).to.contain('Wie lange ungefähr?');
    expect(await u.text('vielleicht kurz')).to.contain('Die Dauer habe ich nicht verstanden');
    expect(await u.text('90')).to.contain('Vor Ort, per Video oder am Telefon?');
    expect(await u.text('Video')).to.contain('Wofür?').and.contain('Ausländerrechtliche Angelegenheit');
    const summary = await u.say('Vollzugsplanung');
    const shown = visible(summary);
    expect(shown).to.contain('Dolmetscheranfrage – bitte prüfen').and.contain('Persisch').and.contain('Donnerstag, 12. März 2026 um 09:30 (1,5 Std.)');
    expect(shown).to.contain('Video').and.contain('JVA Köln').and.contain('Vollzugsplanung').and.contain('Normal');
    expect(shown).to.contain('Kosten (Schätzung): 139,50 €').and.contain('Quelle: § 9 Abs. 5 und 6, § 8 Abs. 2 JVEG (KostBRÄG 2025');
    expect(summary.at(-1)!.text, 'card summary').to.contain('Dolmetscheranfrage: Persisch');
    const sent = await u.text({ value: submitData(summary, 'Absenden') });
    expect(sent).to.contain('Angefragt: DOL-2026-0001').and.contain('bei der Kollegin oder dem Kollegen');
    const stored = fx.store.data.requests['DOL-2026-0001']!;
    expect(stored).to.deep.include({ language: 'fa', languageSource: 'named', start: '2026-03-12T08:30:00.000Z', durationMin: 90, mode: 'video', purpose: 'vollzugsplanung', urgency: 'normal' });
    expect(fx.notifier.to(organiser.userKey)).to.have.length(1);
    expect(await u.text('hallo')).not.to.contain('Dolmetscher'); // the dialog has ended
  });

  it('one sentence without the command word asks only for what is missing; change by button and in words; cancel stores nothing', async () => {
    const u = user(requester.userKey);
    expect(await u.text('Ich brauche einen Dolmetscher für Arabisch morgen um 10 Uhr per Video')).to.contain('Wie lange ungefähr?');
    expect(await u.text('eine Stunde')).to.contain('Wofür?');
    let summary = await u.say('Zugangsgespräch');
    expect(visible(summary)).to.contain('Arabisch').and.contain('Mittwoch, 11. März 2026 um 10:00 (1 Std.)').and.contain('Kosten (Schätzung): 93,00 €');
    expect(await u.text({ value: submitData(summary, 'Ändern') })).to.contain('Was möchten Sie ändern?').and.contain('Dringlichkeit');
    expect(await u.text('Termin')).to.contain('Wann?');
    expect(await u.text('gestern 10 Uhr')).to.contain('in der Vergangenheit');
    summary = await u.say('morgen 11:15');
    expect(visible(summary)).to.contain('um 11:15');
    summary = await u.say('lieber per Telefon und dringend');
    expect(visible(summary)).to.contain('Geändert.').and.contain('Telefon').and.contain('Dringend');
    expect(await u.text('Aktenzeichen')).to.contain('Pseudonymes Aktenzeichen');
    expect(await u.text('Herr Beispiel')).to.contain('Das sieht nach einem Namen aus');
    expect(visible(await u.say('123/24'))).to.contain('Aktenzeichen: 123/24');
    expect(await u.text('Dialekt')).to.contain('Welcher Dialekt');
    expect(visible(await u.say('Irakisch'))).to.contain('Dialekt/Variante: Irakisch');
    expect(await u.text('Ort')).to.contain('Wo findet der Termin statt?');
    expect(await u.text('Frau Beispiel zu Hause')).to.contain('Das sieht nach einem Namen aus');
    expect(visible(await u.say('Krankenhaus, Station 3'))).to.contain('Ort: Krankenhaus, Station 3');
    expect(await u.text('was?')).to.contain('Schreiben Sie „absenden“, „ändern“ oder „abbrechen“');
    expect(await u.text('abbrechen')).to.contain('Abgebrochen');
    expect(fx.store.data.requests).to.deep.equal({});
    expect(fx.notifier.sent).to.have.length(0);
    expect(fx.auditText()).not.to.contain('Beispiel').and.not.to.contain('Krankenhaus');
  });

  it('"erkennen" + a pasted sample → detected language to confirm; the sample is stored nowhere', async () => {
    const u = user(requester.userKey);
    await u.say('dolmetscher morgen 10 Uhr per Video für 1 Stunde zum Zugangsgespräch');
    expect(await u.text('erkennen')).to.contain('Fügen Sie einen kurzen Text');
    const found = await u.text(ARABIC_SAMPLE);
    expect(found).to.match(/Erkannt: Arabisch \(Sicherheit \d+ %, Offline-Erkennung\)\. Stimmt das\?/);
    expect(found).to.contain('Ja, Arabisch').and.contain('Andere Sprache');
    const summary = await u.say('ja');
    expect(visible(summary)).to.contain('Arabisch (aus Beispieltext erkannt)');
    await u.say({ value: submitData(summary, 'Absenden') });
    expect(fx.store.data.requests['DOL-2026-0001']).to.deep.include({ language: 'ar', languageSource: 'detected' });
    await fx.store.flush();
    const files = ['interpreters.json', 'audit.jsonl', 'store.json'].map((f) => readFileSync(path.join(fx.dir, f), 'utf8')).join('\n');
    expect(files).not.to.contain('مرحبا');
  });

  it('a sample pasted at the language question, and "dolmetscher erkennen <sample>", are detected at once', async () => {
    const u = user(requester.userKey);
    await u.say('dolmetscher');
    expect(await u.text(ARABIC_SAMPLE)).to.contain('Erkannt: Arabisch');
    expect(await u.text('Andere Sprache')).to.contain('Für welche Sprache');
    const v = user(requester.userKey);
    expect(await v.text(`dolmetscher erkennen ${ARABIC_SAMPLE}`)).to.contain('Erkannt: Arabisch');
    expect(await v.text('ja')).to.contain('Wann?');
    // The slots around "erkennen" are kept while the sample is asked for.
    const w = user(requester.userKey);
    expect(await w.text('dolmetscher erkennen morgen 10 Uhr per Video')).to.contain('Fügen Sie einen kurzen Text');
    await w.say(ARABIC_SAMPLE);
    expect(await w.text('ja')).to.contain('Wie lange ungefähr?');
  });

  it('the command word mid-dialog starts over with what it says', async () => {
    const u = user(requester.userKey);
    expect(await u.text('dolmetscher Arabisch morgen 10 Uhr')).to.contain('Wie lange ungefähr?');
    expect(await u.text('dolmetscher Türkisch übermorgen 9 Uhr per Telefon')).to.contain('Wie lange ungefähr?');
    expect(await u.text('1 Stunde')).to.contain('Wofür?');
    expect(visible(await u.say('Krisengespräch'))).to.contain('Türkisch').and.contain('Donnerstag, 12. März 2026 um 09:00').and.contain('Telefon');
  });

  it('an ambiguous name asks back; an unknown one offers detection', async () => {
    const u = user(requester.userKey);
    await u.say('dolmetscher');
    expect(await u.text('Kurdisch')).to.contain('Welche Sprache genau?').and.contain('Kurmandschi (Nordkurdisch)').and.contain('Sorani (Zentralkurdisch)');
    expect(await u.text('Sorani')).to.contain('Wann?');
    const v = user(requester.userKey);
    await v.say('dolmetscher');
    expect(await v.text('Klingonisch')).to.contain('„Klingonisch“ kenne ich nicht als Sprache').and.contain('Sprache erkennen');
  });

  it('English: a complete sentence goes straight to the summary', async () => {
    const u = user(requester.userKey, { locale: 'en-GB' });
    const summary = await u.say('interpreter Arabic tomorrow 10am by phone for 1 hour, medical treatment');
    const shown = visible(summary);
    expect(shown).to.contain('Interpreter request – please check').and.contain('Arabic').and.contain('Phone').and.contain('Medical treatment');
    expect(shown).to.contain('Cost (estimate): €93.00').and.contain('KostBRÄG 2025');
    expect(await u.text({ value: submitData(summary, 'Send') })).to.contain('Requested: DOL-2026-0001');
  });

  it('"meine dolmetscher" lists own requests; cancel by button; the organiser acts by button where invokes are missing', async () => {
    const a = await fx.service.create(requester, { language: 'tr', languageSource: 'named', start: new Date('2026-03-11T09:00:00Z'), durationMin: 60, mode: 'vor_ort', purpose: 'medizin', urgency: 'dringend' });
    const b = await fx.service.create(requester, { language: 'ru', languageSource: 'named', start: new Date('2026-03-12T09:00:00Z'), durationMin: 30, mode: 'video', purpose: 'krise', urgency: 'normal' });
    if (!a.ok || !b.ok) throw new Error('not created');
    const u = user(requester.userKey);
    const list = await u.say('meine dolmetscher');
    expect(visible(list)).to.contain('Meine Dolmetscheranfragen').and.contain('DOL-2026-0001 · Türkisch · angefragt').and.contain('DOL-2026-0002 · Russisch');
    const cancelled = await u.text({ value: submitData(list, 'Stornieren') });
    expect(cancelled).to.contain('Storniert: DOL-2026-0001');
    expect(fx.store.data.requests['DOL-2026-0001']!.status).to.equal('storniert');
    expect(await u.text({ value: submitData(list, 'Stornieren') })).to.contain('hat sich inzwischen geändert'); // the old list card

    const organiserCard = fx.notifier.to(organiser.userKey).find((r) => r.key === 'dol:DOL-2026-0002:org:officer-koeln-2')!;
    const o = user(organiser.userKey);
    fx.notifier.clear();
    const confirm = submitData([{ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: organiserCard.payload.card }] }], 'Bestätigen');
    expect(await o.text({ value: confirm })).to.contain('Bestätigt – die anfragende Person wird benachrichtigt');
    expect(fx.store.data.requests['DOL-2026-0002']!.status).to.equal('bestaetigt');
    expect(fx.notifier.to(requester.userKey)[0]!.payload.text).to.contain('DOL-2026-0002').and.contain('ist bestätigt');
    expect(await user(brOfficer.userKey).text({ value: confirm })).to.contain('finde ich nicht');
    expect(await u.text('dolmetscher erledigt DOL-2026-0002')).to.contain('Als erledigt vermerkt: DOL-2026-0002');
  });

  it('address file: add an entry step by step, see it suggested, delete it', async () => {
    const o = user(organiser.userKey);
    expect(await o.text('dolmetscher adressen')).to.contain('Noch keine Einträge').and.contain('keine Daten von Gefangenen');
    expect(await o.text('dolmetscher adresse neu')).to.contain('ein Dienst');
    expect(await o.text('Dienst')).to.contain('Name des Dienstes');
    expect(await o.text('Videodolmetschdienst Beispiel')).to.contain('Welche Sprachen?');
    expect(await o.text('Arabisch, Klingonisch')).to.contain('Diese Sprachen kenne ich nicht: Klingonisch');
    expect(await o.text('Arabisch, Farsi und Kurdisch')).to.contain('Welche Arten?');
    expect(await o.text('Video, Telefon')).to.contain('beeidigt');
    expect(await o.text('nein')).to.contain('Dienstlicher Kontakt');
    expect(await o.text('video@example.org')).to.contain('Speichern?').and.contain('Arabisch, Persisch, Kurmandschi (Nordkurdisch), Sorani (Zentralkurdisch)').and.contain('Video/Telefon');
    expect(await o.text('Speichern')).to.contain('Eintrag DA-0001 gespeichert').and.contain('Videodolmetschdienst Beispiel (Dienst)');

    const u = user(requester.userKey);
    const summary = await u.text('dolmetscher Arabisch morgen 10 Uhr per Video eine Stunde Zugangsgespräch');
    expect(summary).to.contain('Passend aus Ihrer Dolmetscher-Adressdatei').and.contain('Videodolmetschdienst Beispiel');
    expect(await user(requester.userKey).text('dolmetscher adresse löschen DA-0001')).to.contain('Eintrag DA-0001 gelöscht');
    expect(fx.store.data.entries).to.deep.equal({});
  });

  it('inbox registration only in a team channel; who may use the capability', async () => {
    expect(await user(organiser.userKey).text('als dolmetscher-eingang registrieren')).to.contain('nur in einem Team-Kanal');
    const inChannel = user(organiser.userKey, {
      conversation: { id: '19:team-dolmetscher@thread.tacv2;messageid=1', conversationType: 'channel' },
      channelData: { channel: { id: '19:team-dolmetscher@thread.tacv2' } },
    });
    expect(await inChannel.text('als dolmetscher-eingang registrieren')).to.contain('Dolmetscher-Eingang von JVA Köln');
    expect(fx.service.inboxOf('jva-koeln')?.conversationId).to.equal('19:team-dolmetscher@thread.tacv2');
    const adminInChannel = user(admin.userKey, { conversation: { id: '19:werl@thread.tacv2', conversationType: 'channel' } });
    expect(await adminInChannel.text('register interpreter inbox')).to.contain('Für welche Einrichtung?');
    expect(await adminInChannel.text('register interpreter inbox JVA Werl')).to.contain('JVA Werl');
    expect(await user(admin.userKey).text('dolmetscher-eingang abmelden JVA Werl')).to.contain('abgemeldet');

    for (const who of [staff.userKey, admin.userKey, 'unknown-user']) {
      expect(await user(who).text('dolmetscher Arabisch morgen 10 Uhr')).to.contain('fehlt Ihnen die Berechtigung');
    }
  });
});
