// `npm run chat [-- --as <id>[,<id>…]] [--lang en]`: talk to the bot in the terminal — same dialogs, same
// store (DATA_DIR) as the server. Several users share one process (`/als <id>` switches), so a handover
// from officer to coordinator and back can be played through. Stop the server first, or point DATA_DIR
// elsewhere: one process per data dir. Logs go to a file in DATA_DIR, never between chat lines.
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '../src/config/env.js';
import { createLogger } from '../src/log/logger.js';
import { openCore } from '../src/app.js';
import { ConsoleAdapter } from '../src/bot/consoleAdapter.js';
import { ConsoleDeliveryPort } from '../src/bot/proactive.js';
import { resolveLocale, translator } from '../src/i18n/i18n.js';
import { installErrorHandling } from '../src/bot/adapter.js';
import { isStartupRefusal } from '../src/startupErrors.js';
import { ConsoleChat } from './lib/consoleChat.js';

const { values } = parseArgs({
  options: { as: { type: 'string', default: 'console-user' }, lang: { type: 'string', default: 'de' } },
  allowPositionals: false,
});
const users = [...new Set(values.as!.split(',').map((u) => u.trim()).filter(Boolean))];
const locale = values.lang === 'en' ? 'en-GB' : 'de-DE';
const t = translator(resolveLocale(locale));

const config = loadConfigOrExit();
mkdirSync(config.dataDir, { recursive: true });
const logFile = path.join(config.dataDir, 'chat.log');
const log = createLogger(config.logLevel, (line) => appendFileSync(logFile, line + '\n'));

// The prompt is created once the bot is ready: lines typed (or piped) before that wait in stdin.
let rl: readline.Interface | undefined;
let busy = true;
/** Set once stdin ends: readline throws ERR_USE_AFTER_CLOSE on a prompt after that (a turn may still run). */
let closed = false;
/** Output that arrives while the prompt waits (a proactive message) goes above it, then the prompt again. */
const write = (line: string) => {
  if (!busy && process.stdout.isTTY) {
    readline.clearLine(process.stdout, 0);
    readline.cursorTo(process.stdout, 0);
  }
  process.stdout.write(line + '\n');
  if (!busy && !closed) rl?.prompt(true);
};

let chat: ConsoleChat | undefined;
const deliveryPort = new ConsoleDeliveryPort((activity, address) => chat?.receive(activity, address.conversationId, true));
let core;
try {
  core = await openCore(config, log, { deliveryPort });
} catch (err) {
  const refusal = isStartupRefusal(err);
  console.error(refusal?.message ?? err);
  process.exit(refusal?.exitCode ?? 1);
}
const adapter = new ConsoleAdapter((activity, conversationId) => chat?.receive(activity, conversationId, false));
installErrorHandling(adapter, core.conversationState, log);
chat = new ConsoleChat({ users, locale, t, write, run: (activity) => adapter.processActivity(activity, (ctx) => core.runTurn(ctx)) });

write(t('console.header', { user: chat.active, others: users.slice(1).join(', ') || '–', log: logFile }));
write('');
await chat.start();
core.delivery.start();

rl = readline.createInterface({ input: process.stdin, output: process.stdout, prompt: 'you> ' });
let queue = Promise.resolve();
busy = false;
rl.prompt();
rl.on('line', (line) => {
  queue = queue.then(async () => {
    busy = true;
    await chat!.handle(line);
    busy = false;
    if (!closed) rl!.prompt();
  });
});
rl.on('close', () => {
  closed = true;
  void queue.then(async () => {
    busy = true;
    await core.close();
    process.exit(0);
  });
});
