// `npm run detect-language` (contract): reads text lines from stdin and prints, for each non-empty line,
// one JSON object on stdout:
//   {"language":"<ISO 639-1 or BCP-47, und if unknown>","confidence":<0..1>,"source":"offline"|"azure"}
// Empty (or blank) lines are skipped and produce no output. Same configuration as the bot:
// LANGUAGE_ENDPOINT + LANGUAGE_KEY → Azure AI Language with the offline fallback; absent → offline.
// Logs (JSON lines, ids and reason codes only) go to stderr; LOG_LEVEL applies.
import readline from 'node:readline';
import { createLogger } from '../src/log/logger.js';
import { createLanguageService } from '../src/language/index.js';
import { MAX_TEXT } from '../src/language/input.js';
import { loadLanguageToolConfig } from './lib/languageToolConfig.js';

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write(
    'usage: npm run detect-language < lines.txt\n' +
      '  one JSON object per non-empty input line: {"language","confidence","source"}\n' +
      '  LANGUAGE_ENDPOINT + LANGUAGE_KEY set → Azure AI Language (offline fallback), else offline\n',
  );
  process.exit(0);
}

const config = loadLanguageToolConfig();

const log = createLogger(config.logLevel, (line) => process.stderr.write(line + '\n'));
const service = createLanguageService(config, log);

process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0); // `… | head` closed the pipe
  throw err;
});

const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  const detection = await service.detect(line.slice(0, MAX_TEXT));
  process.stdout.write(JSON.stringify({ language: detection.language, confidence: detection.confidence, source: detection.source }) + '\n');
}
