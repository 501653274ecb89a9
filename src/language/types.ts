// Contracts of the language service (DESIGN §7). Plain data, no botbuilder: dialogs and services call
// `detect` to suggest an interpreter language and `redactPii` before they store free text.

/** Which implementation answered: the Azure AI Language service or the built-in offline one. */
export type LanguageSource = 'offline' | 'azure';

export interface LanguageCandidate {
  /** ISO 639-1 where one exists, otherwise an ISO 639-3 / BCP-47 code (kmr, ckb, prs, ary, sh …). */
  language: string;
  /** 0..1. Offline figures are heuristic scores, not calibrated probabilities. */
  confidence: number;
}

export interface Detection extends LanguageCandidate {
  /** `und` when the text has too few letters or nothing matched (confidence 0). */
  language: string;
  source: LanguageSource;
  /**
   * Languages the detector cannot tell apart from `language` or that came close, best first. Families
   * the offline detector never separates are always listed: `sh` (Latin-script Serbian/Croatian/Bosnian)
   * → hr, sr, bs; `fa` → prs (Dari); `ary` (Darija) → ar.
   */
  alternatives?: LanguageCandidate[];
}

/** What kind of personal data a redacted span was. The placeholder text comes from the locale files. */
export type PiiCategory = 'person' | 'phone' | 'email' | 'iban' | 'birthDate' | 'address' | 'idNumber' | 'other';

export interface RedactedEntity {
  category: PiiCategory;
  /** Position in the ORIGINAL text, in UTF-16 code units (JavaScript string indices). */
  offset: number;
  length: number;
}

export interface Redaction {
  /** The text with every entity replaced by its placeholder, e.g. "[Name]", "[Telefon]". */
  text: string;
  /** Sorted by offset, non-overlapping. */
  entities: RedactedEntity[];
  source: LanguageSource;
}

export type RedactionLocale = 'de' | 'en';

export interface LanguageService {
  /** Never rejects for ordinary input; an empty or letterless text gives `und` with confidence 0. */
  detect(text: string): Promise<Detection>;
  /** `locale` is the language of the placeholders and the language hint for Azure (default de). */
  redactPii(text: string, locale?: RedactionLocale): Promise<Redaction>;
}

/** Why a call did not come from Azure; logged as a reason code (never with text). */
export type FailureReason =
  | 'auth' // 401/403: wrong key or endpoint
  | 'throttled' // 429 after the SDK's own retries
  | 'timeout' // the per-call deadline passed
  | 'unavailable' // 5xx, 408
  | 'network' // connection refused / reset / DNS
  | 'malformed' // the answer could not be parsed or has the wrong shape
  | 'document' // the service answered but rejected this document (not counted by the circuit breaker)
  | 'request' // 4xx other than the above (not counted by the circuit breaker)
  | 'circuit_open'; // the breaker is open: Azure was not called

export class LanguageServiceError extends Error {
  constructor(
    readonly reason: Exclude<FailureReason, 'circuit_open'>,
    readonly statusCode?: number,
    options?: { cause?: unknown },
  ) {
    super(`language service failed: ${reason}${statusCode ? ` (HTTP ${statusCode})` : ''}`, options);
    this.name = 'LanguageServiceError';
  }
}
