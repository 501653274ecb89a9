// A local stand-in for Azure AI Language speaking its REST protocol (learn.microsoft.com/rest/api/language):
//   POST /language/:analyze-text?api-version=2023-04-01   kinds LanguageDetection, PiiEntityRecognition
// It checks the Ocp-Apim-Subscription-Key header (401 with Azure's error body), computes its answers
// from the input (a script/keyword heuristic, or functions a test sets), honours stringIndexType for
// offsets, records every request, and can be told to fail: 429 with Retry-After, other statuses,
// delays beyond the client's deadline, malformed JSON, answers of the wrong shape, document errors.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const API_PATH = '/language/:analyze-text';
export const API_VERSION = '2023-04-01';

export interface ReceivedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  body: any;
  at: number;
}

export interface DetectedLanguageAnswer {
  name: string;
  iso6391Name: string;
  confidenceScore: number;
}

export interface PiiEntityAnswer {
  /** UTF-16 index and length in the document; converted to the requested stringIndexType. */
  start: number;
  length: number;
  category: string;
  confidenceScore?: number;
}

/** What the next request gets instead of a normal answer (one plan entry per request, in order). */
export type Planned =
  | { status: number; retryAfter?: number; body?: unknown }
  | { delayMs: number }
  | { malformed: true }
  | { wrongShape: true }
  | { documentError: string };

const UNAUTHORIZED = {
  error: {
    code: '401',
    message:
      'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
  },
};

const NAMES: Record<string, string> = { de: 'German', en: 'English', fr: 'French', tr: 'Turkish', ar: 'Arabic', fa: 'Persian', ru: 'Russian', uk: 'Ukrainian', ka: 'Georgian', ti: 'Tigrinya' };
const KEYWORDS: Record<string, string[]> = {
  de: ['ich', 'und', 'nicht', 'der', 'die', 'das', 'bitte', 'brauche'],
  en: ['the', 'and', 'i', 'you', 'please', 'need', 'my'],
  fr: ['je', 'le', 'la', 'et', 'pas', 'besoin'],
  tr: ['ve', 'bir', 'bu', 'lütfen', 'istiyorum'],
};

/** The fake's own detector: script first, then a few keywords; "(Unknown)" without letters. */
export function heuristicDetect(text: string): DetectedLanguageAnswer {
  const letters = [...text].filter((c) => /\p{L}/u.test(c));
  if (letters.length === 0) return { name: '(Unknown)', iso6391Name: '(Unknown)', confidenceScore: 0 };
  const share = (re: RegExp) => letters.filter((c) => re.test(c)).length / letters.length;
  const pick = (iso: string, score: number) => ({ name: NAMES[iso] ?? iso, iso6391Name: iso, confidenceScore: score });
  if (share(/\p{Script=Arabic}/u) > 0.5) return pick(/[پچژگکی]/.test(text) ? 'fa' : 'ar', 0.95);
  if (share(/\p{Script=Cyrillic}/u) > 0.5) return pick(/[іїєґ]/i.test(text) ? 'uk' : 'ru', 0.9);
  if (share(/\p{Script=Georgian}/u) > 0.5) return pick('ka', 1);
  if (share(/\p{Script=Ethiopic}/u) > 0.5) return pick('ti', 0.8);
  const words = text.toLowerCase().split(/[^\p{L}]+/u);
  let best = 'en';
  let hits = 0;
  for (const [iso, list] of Object.entries(KEYWORDS)) {
    const n = words.filter((w) => list.includes(w)).length;
    if (n > hits) [best, hits] = [iso, n];
  }
  return pick(best, hits > 1 ? 0.99 : 0.6);
}

/** The fake's own PII finder: e-mail addresses, phone numbers, and the names a test lists. */
export function heuristicPii(text: string, people: string[]): PiiEntityAnswer[] {
  const out: PiiEntityAnswer[] = [];
  for (const m of text.matchAll(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g)) out.push({ start: m.index, length: m[0].length, category: 'Email', confidenceScore: 0.8 });
  for (const m of text.matchAll(/\+?\d[\d /-]{6,}\d/g)) out.push({ start: m.index, length: m[0].length, category: 'PhoneNumber', confidenceScore: 0.8 });
  for (const name of people) {
    for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + name.length)) out.push({ start: at, length: name.length, category: 'Person', confidenceScore: 0.95 });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** A UTF-16 index → the unit Azure was asked for (code points, or grapheme clusters by default). */
function convertIndex(text: string, utf16: number, unit: string | undefined): number {
  const before = text.slice(0, utf16);
  if (unit === 'Utf16CodeUnit') return utf16;
  if (unit === 'UnicodeCodePoint') return [...before].length;
  return [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(before)].length; // TextElement_v8
}

export class FakeAzureLanguage {
  readonly received: ReceivedRequest[] = [];
  private readonly plan: Planned[] = [];
  private server?: http.Server;
  url = '';
  /** Override the detector, e.g. a lookup table text → language. Return undefined for the heuristic. */
  detectWith?: (text: string) => DetectedLanguageAnswer | undefined;
  /** Override the PII finder. Default: e-mails, phones and `people`. */
  piiWith?: (text: string, language: string | undefined) => PiiEntityAnswer[];
  people: string[] = [];

  constructor(readonly key = 'test-key-0000') {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next requests, in order, get these instead of a normal answer. */
  failNext(...planned: Planned[]): void {
    this.plan.push(...planned);
  }

  reset(): void {
    this.received.length = 0;
    this.plan.length = 0;
    this.detectWith = undefined;
    this.piiWith = undefined;
    this.people = [];
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: any;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = undefined;
    }
    this.received.push({ method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body, at: Date.now() });

    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'apim-request-id': `fake-${this.received.length}`, ...headers });
      res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
    };

    if (req.method !== 'POST' || url.pathname !== API_PATH) return send(404, { error: { code: '404', message: 'Resource not found' } });
    if (url.searchParams.get('api-version') !== API_VERSION) {
      return send(404, { error: { code: 'UnsupportedApiVersion', message: `The requested API version ${url.searchParams.get('api-version')} is not supported.` } });
    }
    if (req.headers['ocp-apim-subscription-key'] !== this.key) return send(401, UNAUTHORIZED);

    const planned = this.plan.shift();
    if (planned && 'delayMs' in planned) {
      await new Promise((resolve) => setTimeout(resolve, planned.delayMs));
      if (res.destroyed || req.destroyed) return;
    } else if (planned && 'status' in planned) {
      const headers: Record<string, string> = planned.retryAfter !== undefined ? { 'retry-after': String(planned.retryAfter) } : {};
      const message = planned.status === 429 ? `Rate limit is exceeded. Try again in ${planned.retryAfter ?? 1} seconds.` : 'Internal server error.';
      return send(planned.status, planned.body ?? { error: { code: String(planned.status), message } }, headers);
    } else if (planned && 'malformed' in planned) {
      return send(200, '{"kind":"LanguageDetectionResults","results":{"documents":[{"id":"0","detec');
    }

    if (!body || typeof body !== 'object' || !body.analysisInput?.documents) {
      return send(400, { error: { code: 'InvalidRequest', message: 'Invalid Request.', innererror: { code: 'InvalidRequestBodyFormat', message: 'Request body must be present.' } } });
    }
    if (planned && 'wrongShape' in planned) return send(200, { kind: `${body.kind}Results`, results: { documents: [{ id: '0', unexpected: true }], errors: [], modelVersion: 'fake' } });

    const documents: { id: string; text: string; language?: string; countryHint?: string }[] = body.analysisInput.documents;
    const errors: unknown[] = [];
    const results: unknown[] = [];
    for (const doc of documents) {
      const docError = planned && 'documentError' in planned ? planned.documentError : !doc.text?.trim() ? 'Document text is empty.' : undefined;
      if (docError) {
        errors.push({ id: doc.id, error: { code: 'InvalidArgument', message: 'Invalid document in request.', innererror: { code: 'InvalidDocument', message: docError } } });
        continue;
      }
      if (body.kind === 'LanguageDetection') {
        results.push({ id: doc.id, detectedLanguage: this.detectWith?.(doc.text) ?? heuristicDetect(doc.text), warnings: [] });
      } else if (body.kind === 'PiiEntityRecognition') {
        const unit: string | undefined = body.parameters?.stringIndexType;
        const found = this.piiWith ? this.piiWith(doc.text, doc.language) : heuristicPii(doc.text, this.people);
        const wanted: string[] | undefined = body.parameters?.piiCategories;
        const entities = found
          .filter((e) => !wanted || wanted.includes(e.category))
          .map((e) => {
            const offset = convertIndex(doc.text, e.start, unit);
            return { text: doc.text.slice(e.start, e.start + e.length), category: e.category, offset, length: convertIndex(doc.text, e.start + e.length, unit) - offset, confidenceScore: e.confidenceScore ?? 0.9 };
          });
        let redactedText = doc.text;
        for (const e of found) redactedText = redactedText.slice(0, e.start) + '*'.repeat(e.length) + redactedText.slice(e.start + e.length);
        results.push({ redactedText, id: doc.id, entities, warnings: [] });
      } else {
        return send(400, { error: { code: 'InvalidArgument', message: `Unsupported kind ${String(body.kind)}.` } });
      }
    }
    send(200, { kind: `${body.kind}Results`, results: { documents: results, errors, modelVersion: '2023-04-15' } });
  }
}
