// `npm run redact` (contract): reads lines from stdin — plain text, or JSON {"text": "...", "locale": "de"|"en"}
// — and prints for each non-empty line one JSON object on stdout:
//   {"text": "<redacted text>", "entities": [{"category": "person", "offset": 0, "length": 12}, …]}
// Offsets point into the input text. Plain lines are redacted with German placeholders. A JSON line of the
// wrong shape prints {"error": "..."} in its place (the other lines go on; exit code 1 at the end); a line
// that is not JSON at all counts as plain text. Same configuration as the bot: LANGUAGE_ENDPOINT +
// LANGUAGE_KEY → Azure AI Language PII first, with the offline redaction on top and as the fallback.
// Logs (JSON lines, no text) go to stderr; LOG_LEVEL applies.
import readline from 'node:readline';
import { z } from 'zod';
import { createLogger } from '../src/log/logger.js';
import { createLanguageService, type RedactionLocale } from '../src/language/index.js';
import { MAX_TEXT } from '../src/language/input.js';
import { loadLanguageToolConfig } from './lib/languageToolConfig.js';

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write(
    'usage: npm run redact < lines.txt\n' +
      '  input lines: plain text, or {"text": "...", "locale": "de"|"en"}\n' +
      '  one JSON object per non-empty line: {"text", "entities": [{"category", "offset", "length"}]}\n' +
      '  LANGUAGE_ENDPOINT + LANGUAGE_KEY set → Azure AI Language first (offline on top and as fallback)\n',
  );
  process.exit(0);
}

const config = loadLanguageToolConfig();

const JsonLine = z.strictObject({ text: z.string().max(MAX_TEXT), locale: z.enum(['de', 'en']).optional() });

type Parsed = { text: string; locale: RedactionLocale } | { error: string };

function parseLine(line: string): Parsed {
  if (line.trimStart().startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      json = undefined; // not JSON: a plain sentence that starts with a brace
    }
    if (json !== undefined) {
      const parsed = JsonLine.safeParse(json);
      if (!parsed.success) return { error: `expected {"text": string (≤ ${MAX_TEXT} characters), "locale"?: "de" | "en"}` };
      return { text: parsed.data.text, locale: parsed.data.locale ?? 'de' };
    }
  }
  if (line.length > MAX_TEXT) return { error: `line longer than ${MAX_TEXT} characters` };
  return { text: line, locale: 'de' };
}

const log = createLogger(config.logLevel, (line) => process.stderr.write(line + '\n'));
const service = createLanguageService(config, log);

process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

let failed = 0;
const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  const input = parseLine(line);
  if ('error' in input) {
    failed++;
    process.stdout.write(JSON.stringify({ error: input.error }) + '\n');
    continue;
  }
  const r = await service.redactPii(input.text, input.locale);
  process.stdout.write(JSON.stringify({ text: r.text, entities: r.entities }) + '\n');
}
process.exitCode = failed > 0 ? 1 : 0;
