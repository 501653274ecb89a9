// LanguageService over Azure AI Language (@azure/ai-language-text TextAnalysisClient, REST
// `POST {endpoint}/language/:analyze-text?api-version=2023-04-01`). Research notes: stack.md §4.
//   - allowInsecureConnection only for http:// endpoints (the local fake in tests); real ones are https;
//   - stringIndexType Utf16CodeUnit, so entity offsets are JavaScript string indices;
//   - defaultCountryHint 'none' (the SDK's default "us" biases short texts towards English);
//   - one deadline per call (AbortSignal) that covers the SDK's own retries (429 with Retry-After, 5xx);
//   - every failure becomes a LanguageServiceError with a reason code; answers are checked with zod.
import { AzureKeyCredential, TextAnalysisClient, type PiiEntityCategory } from '@azure/ai-language-text';
import { z } from 'zod';
import { systemClock, type Clock } from '../time/clock.js';
import { checkLocale, checkText } from './input.js';
import { findPii, applyRedaction, type Span } from './offlineRedact.js';
import { LanguageServiceError, type Detection, type LanguageService, type PiiCategory, type Redaction, type RedactionLocale } from './types.js';

export interface AzureLanguageOptions {
  endpoint: string;
  key: string;
  /** Deadline per call, including the SDK's retries (default 5 s). */
  timeoutMs?: number;
  /** The SDK's retries for 429/5xx/network errors (default 2; it honours Retry-After). */
  maxRetries?: number;
  /** For the date-of-birth rule applied on top of Azure's answer. */
  clock?: Clock;
}

/** Azure's limits for synchronous analyze-text: 5,120 characters per document, 5 documents per PII request. */
const MAX_DOC = 5000;
const PII_DOCS_PER_REQUEST = 5;

/** What we ask Azure to find: people, contact data, bank and identity numbers — not dates or organisations. */
const PII_CATEGORIES = [
  'Person',
  'PhoneNumber',
  'Email',
  'Address',
  'InternationalBankingAccountNumber',
  'IPAddress',
  'CreditCardNumber',
  'DEIdentityCardNumber',
  'DEPassportNumber',
  'DEDriversLicenseNumber',
  'DETaxIdentificationNumber',
  'EUPassportNumber',
  'EUNationalIdentificationNumber',
  'EUSocialSecurityNumber',
  'EUTaxIdentificationNumber',
  'TRNationalIdentificationNumber',
  'PLNationalID',
  'PLPassportNumber',
  'ROPersonalNumericalCode',
  'UAPassportNumberInternational',
  'RUPassportNumberInternational',
] as PiiEntityCategory[];

function ourCategory(azure: string): PiiCategory {
  if (azure === 'Person') return 'person';
  if (azure === 'PhoneNumber') return 'phone';
  if (azure === 'Email') return 'email';
  if (azure === 'Address') return 'address';
  if (azure === 'InternationalBankingAccountNumber') return 'iban';
  if (/Passport|Identity|NationalID|National|Personal|DriversLicense|TaxIdentification|SocialSecurity|NumericalCode/i.test(azure)) return 'idNumber';
  return 'other';
}

const detectionResult = z.union([
  z.object({
    id: z.string(),
    primaryLanguage: z.object({ iso6391Name: z.string(), confidenceScore: z.number().min(0).max(1), name: z.string().optional() }),
  }),
  z.object({ id: z.string(), error: z.object({ code: z.string() }) }),
]);

const piiResult = z.union([
  z.object({
    id: z.string(),
    entities: z.array(z.object({ category: z.string(), offset: z.number().int().min(0), length: z.number().int().min(0) })),
  }),
  z.object({ id: z.string(), error: z.object({ code: z.string() }) }),
]);

/** Azure's language codes → ours: "(Unknown)" → und, zh_chs → zh-Hans, Kurdish by script. */
export function azureCode(iso: string, text: string): string {
  if (!iso || iso === '(Unknown)' || iso === 'unknown') return 'und';
  const code = iso.replace('_', '-');
  if (code === 'zh-chs') return 'zh-Hans';
  if (code === 'zh-cht') return 'zh-Hant';
  if (code === 'ku' || code === 'kmr' || code === 'ckb') return /\p{Script=Arabic}/u.test(text) ? 'ckb' : 'kmr';
  return code;
}

/** Splits at whitespace into pieces of at most `max` UTF-16 units, remembering where each piece starts. */
function chunks(text: string, max = MAX_DOC): { start: number; text: string }[] {
  const out: { start: number; text: string }[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + max);
    if (end < text.length) {
      const space = text.lastIndexOf(' ', end);
      if (space > start + max / 2) end = space;
      else if (/[\uD800-\uDBFF]/.test(text[end - 1]!)) end--; // never split a surrogate pair
    }
    out.push({ start, text: text.slice(start, end) });
    start = end;
  }
  return out;
}

function toServiceError(err: unknown, signal: AbortSignal): LanguageServiceError {
  if (err instanceof LanguageServiceError) return err;
  if (signal.aborted || (err instanceof Error && err.name === 'AbortError')) return new LanguageServiceError('timeout', undefined, { cause: err });
  const e = err as { name?: string; code?: string; statusCode?: number };
  const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  if (e.code === 'PARSE_ERROR') return new LanguageServiceError('malformed', status, { cause: err });
  if (status === 401 || status === 403) return new LanguageServiceError('auth', status, { cause: err });
  if (status === 429) return new LanguageServiceError('throttled', status, { cause: err });
  if (status === 408 || (status !== undefined && status >= 500)) return new LanguageServiceError('unavailable', status, { cause: err });
  if (status !== undefined && status >= 400) return new LanguageServiceError('request', status, { cause: err });
  if (e.name === 'RestError') return new LanguageServiceError('network', status, { cause: err });
  // TypeError and friends: the SDK choked on an answer of the wrong shape.
  return new LanguageServiceError('malformed', status, { cause: err });
}

export class AzureLanguageService implements LanguageService {
  private readonly client: TextAnalysisClient;
  private readonly timeoutMs: number;
  private readonly clock: Clock;

  constructor(options: AzureLanguageOptions) {
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.clock = options.clock ?? systemClock;
    this.client = new TextAnalysisClient(options.endpoint, new AzureKeyCredential(options.key), {
      allowInsecureConnection: options.endpoint.startsWith('http://'),
      defaultCountryHint: 'none',
      retryOptions: { maxRetries: options.maxRetries ?? 2 },
      userAgentOptions: { userAgentPrefix: 'integrationslotse' },
    });
  }

  async detect(text: string): Promise<Detection> {
    const input = checkText(text).slice(0, MAX_DOC);
    // Azure rejects empty documents; nothing to ask for text without letters.
    if (!/\p{L}/u.test(input)) return { language: 'und', confidence: 0, source: 'azure' };
    const [raw] = await this.call((abortSignal) => this.client.analyze('LanguageDetection', [input], 'none', { abortSignal }));
    const parsed = detectionResult.safeParse(raw);
    if (!parsed.success) throw new LanguageServiceError('malformed');
    if ('error' in parsed.data) throw new LanguageServiceError('document');
    const { iso6391Name, confidenceScore } = parsed.data.primaryLanguage;
    const language = azureCode(iso6391Name, input);
    return { language, confidence: language === 'und' ? 0 : confidenceScore, source: 'azure' };
  }

  async redactPii(text: string, locale?: RedactionLocale): Promise<Redaction> {
    const input = checkText(text);
    const lang = checkLocale(locale);
    const pieces = chunks(input).filter((c) => c.text.trim());
    const spans: Span[] = [];
    await this.call(async (abortSignal) => {
      for (let i = 0; i < pieces.length; i += PII_DOCS_PER_REQUEST) {
        const batch = pieces.slice(i, i + PII_DOCS_PER_REQUEST);
        const documents = batch.map((c, j) => ({ id: String(j), text: c.text, language: lang }));
        const results = await this.client.analyze('PiiEntityRecognition', documents, {
          abortSignal,
          stringIndexType: 'Utf16CodeUnit',
          categoriesFilter: PII_CATEGORIES,
        });
        if (!Array.isArray(results) || results.length !== batch.length) throw new LanguageServiceError('malformed');
        results.forEach((raw, j) => {
          const parsed = piiResult.safeParse(raw);
          if (!parsed.success) throw new LanguageServiceError('malformed');
          if ('error' in parsed.data) throw new LanguageServiceError('document');
          const piece = batch[j]!;
          for (const e of parsed.data.entities) {
            if (e.offset + e.length > piece.text.length) throw new LanguageServiceError('malformed');
            spans.push({ category: ourCategory(e.category), start: piece.start + e.offset, end: piece.start + e.offset + e.length });
          }
        });
      }
    });
    // Azure's entities plus our own rules (dates of birth, cue-based names), minus kept references.
    return { ...applyRedaction(input, findPii(input, this.clock.now(), spans), lang), source: 'azure' };
  }

  private async call<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      return await fn(signal);
    } catch (err) {
      throw toServiceError(err, signal);
    }
  }
}
