// The configuration of the stdin language tools (`npm run detect-language`, `npm run redact`): only the
// variables they use, validated by the bot's own rules — a production shell without the bot's app id must
// not stop an operator from checking the detector or the redactor. A bad value: one message, exit 2.
import { existsSync } from 'node:fs';
import { ConfigError, loadConfig, type Config } from '../../src/config/env.js';

export function loadLanguageToolConfig(): Config {
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    const { LANGUAGE_ENDPOINT, LANGUAGE_KEY, LOG_LEVEL } = process.env;
    return loadConfig({ LANGUAGE_ENDPOINT, LANGUAGE_KEY, LOG_LEVEL });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(err.message + '\n');
    process.exit(2);
  }
}
