// `npm run chat [-- --as <id>] [--lang en]`: talk to the bot in the terminal — same dialogs, same store
// (DATA_DIR) as the server. Stop the server first, or point DATA_DIR elsewhere: one process per data dir.
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import type { Activity } from 'botbuilder';
import { loadConfigOrExit } from '../src/config/env.js';
import { createLogger } from '../src/log/logger.js';
import { openCore } from '../src/app.js';
import { ConsoleAdapter } from '../src/bot/consoleAdapter.js';
import { ConsoleDeliveryPort } from '../src/bot/proactive.js';
import { resolveLocale, translate } from '../src/i18n/i18n.js';
import { installErrorHandling } from '../src/bot/adapter.js';
import { renderPlain, type PlainButton } from '../src/cards/plainText.js';
import { isStartupRefusal } from '../src/startupErrors.js';

const { values } = parseArgs({
  options: { as: { type: 'string', default: 'console-user' }, lang: { type: 'string', default: 'de' } },
  allowPositionals: false,
});
const userId = values.as!;
const locale = values.lang === 'en' ? 'en-GB' : 'de-DE';

const config = loadConfigOrExit();
// Logs go to stderr at warn level so the conversation stays readable.
const log = createLogger(config.logLevel === 'debug' ? 'debug' : 'warn', (line) => process.stderr.write(line + '\n'));
let buttons: PlainButton[] = [];
const show = (activity: Partial<Activity>, prefix: string) => {
  const { lines, buttons: shown } = renderPlain(activity as Record<string, unknown>);
  for (const line of lines) console.log(`${prefix} ${line.replace(/\n/g, `\n${prefix} `)}`);
  shown.forEach((b, i) => console.log(`     [${buttons.length + i + 1}] ${b.title}`));
  buttons = [...buttons, ...shown];
};
// Proactive messages (reminders, notifications) to console conversations appear in the terminal.
const notificationPrefix = `bot (${translate(resolveLocale(locale), 'outbox.consoleLabel')})>`;
const deliveryPort = new ConsoleDeliveryPort((activity) => show(activity, notificationPrefix));
let core;
try {
  core = await openCore(config, log, { deliveryPort });
} catch (err) {
  const refusal = isStartupRefusal(err);
  console.error(refusal?.message ?? err);
  process.exit(refusal?.exitCode ?? 1);
}

const adapter = new ConsoleAdapter((activity) => show(activity, 'bot>'));
installErrorHandling(adapter, core.conversationState, log);
core.delivery.start();

const base = {
  channelId: 'console',
  serviceUrl: 'console://local',
  from: { id: userId, name: userId },
  recipient: { id: 'integrationslotse', name: 'Integrationslotse' },
  conversation: { id: `console:${userId}`, conversationType: 'personal', isGroup: false, name: 'console' },
  locale,
};
const send = async (fields: Partial<Activity>) => {
  buttons = [];
  await adapter.processActivity({ ...base, ...fields } as Partial<Activity>, (ctx) => core.bot.run(ctx));
};

console.log(`Integrationslotse – console chat as "${userId}" (${locale}). Type a number to press a button, Ctrl+D to quit.\n`);
await send({ type: 'conversationUpdate', membersAdded: [{ id: 'integrationslotse', name: 'Integrationslotse' }] });

const rl = readline.createInterface({ input: process.stdin, output: process.stdout, prompt: 'you> ' });
rl.prompt();
let queue = Promise.resolve();
rl.on('line', (line) => {
  queue = queue.then(async () => {
    const text = line.trim();
    const pressed = /^\d+$/.test(text) ? buttons[Number(text) - 1] : undefined;
    if (pressed?.text) await send({ type: 'message', text: pressed.text });
    else if (pressed?.value) await send({ type: 'message', value: pressed.value });
    else if (text) await send({ type: 'message', text });
    rl.prompt();
  });
});
rl.on('close', () => {
  void queue.then(async () => {
    await core.close();
    process.exit(0);
  });
});
