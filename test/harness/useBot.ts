// One bot for a describe block: a fake Bot Connector, the real server (child process) pointed at it and a
// client, started in before() and stopped in after(). `bot` and `client` follow `restart()`, so a test
// can stop the server, touch DATA_DIR and start it again.
import { BotClient } from './botClient.js';
import { startBot, tempDir, type BotProcess } from './botProcess.js';
import { FakeConnector } from './fakeConnector.js';

export interface BotSession {
  connector: FakeConnector;
  /** The running server (the one started last). */
  bot: BotProcess;
  /** Sends to the running server. */
  client: BotClient;
  /** Starts the server again on the same DATA_DIR and environment; stop it first. */
  restart(): Promise<void>;
}

export interface BotOptions {
  /** Extra environment; a function is called in before(), e.g. once a fake service's URL is known. */
  env?: Record<string, string> | (() => Record<string, string>);
  /** DATA_DIR; by default a new temporary folder. */
  dataDir?: string;
}

export function useBot(opts: BotOptions = {}): BotSession {
  const connector = new FakeConnector();
  let current: BotProcess | undefined;
  let env: Record<string, string> = {};
  let dataDir = '';
  const running = (): BotProcess => {
    if (!current) throw new Error('the bot runs only inside the tests and hooks of its describe block');
    return current;
  };
  const bot: BotProcess = {
    get port() {
      return running().port;
    },
    get url() {
      return running().url;
    },
    get dataDir() {
      return running().dataDir;
    },
    get child() {
      return running().child;
    },
    get logs() {
      return running().logs;
    },
    get exited() {
      return running().exited;
    },
    stderr: () => running().stderr(),
    stop: (signal) => running().stop(signal),
  };
  const restart = async () => {
    current = await startBot(env, dataDir);
  };
  before(async () => {
    env = typeof opts.env === 'function' ? opts.env() : (opts.env ?? {});
    dataDir = opts.dataDir ?? tempDir();
    await connector.start();
    await restart();
  });
  after(async () => {
    await current?.stop();
    await connector.stop();
  });
  return { connector, bot, client: new BotClient(() => running().url, connector), restart };
}
