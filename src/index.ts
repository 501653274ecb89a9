// Composition root of the server: environment → core → CloudAdapter → HTTP. Start-up refusals
// (bad config, corrupt store, DATA_DIR in use) print one clear message and exit non-zero, no stack.
import { pathToFileURL } from 'node:url';
import { loadConfigOrExit, type Config } from './config/env.js';
import { createLogger, errorFields, type Logger } from './log/logger.js';
import { openCore, type CoreOptions } from './app.js';
import { createAdapter, installErrorHandling } from './bot/adapter.js';
import { BotDeliveryPort } from './bot/proactive.js';
import { createHttpTurnHandler } from './bot/httpTurn.js';
import { routeConsoleToLog } from './log/consoleGuard.js';
import { createHttpServer } from './server/server.js';
import { isStartupRefusal } from './startupErrors.js';
import { registerFiguresTab } from './tab/register.js';

const SHUTDOWN_GRACE_MS = 8000;
const SHUTDOWN_HARD_LIMIT_MS = 10000;

export interface RunningServer {
  port: number;
  stop(): Promise<boolean>;
}

export async function startServer(config: Config, log: Logger, options: Omit<CoreOptions, 'deliveryPort'> = {}): Promise<RunningServer> {
  const adapter = createAdapter(config);
  const deliveryPort = new BotDeliveryPort(adapter, { appId: config.auth.appId, log });
  const core = await openCore(config, log, { ...options, deliveryPort });
  installErrorHandling(adapter, core.conversationState, log);
  let ready = false;
  const http = createHttpServer({
    onMessage: createHttpTurnHandler({ adapter, logic: (ctx) => core.runTurn(ctx), log, audit: core.audit }),
    isReady: () => ready,
    storeReady: () => core.storage.ready(),
    log,
  });
  registerFiguresTab(http.server, { config, roles: core.roles, audit: core.audit, log, clock: options.clock });
  let port: number;
  try {
    port = await http.listen(config.port);
  } catch (err) {
    await core.close();
    throw err;
  }
  ready = true;
  core.delivery.start();
  log.info('server.listening', { port, env: config.env });
  return {
    port,
    async stop() {
      ready = false;
      const clean = await http.drain(SHUTDOWN_GRACE_MS);
      await core.close(); // delivery worker, then stores, then the lock
      return clean;
    },
  };
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const log = createLogger(config.logLevel);
  routeConsoleToLog(log);
  process.on('unhandledRejection', (reason) => log.error('process.unhandledRejection', errorFields(reason)));

  // Signals are handled from the first moment: one that arrives during start-up stops the server as soon as it runs.
  let server: RunningServer | undefined;
  let stopRequested: string | undefined;
  const shutdown = (signal: string) => {
    if (stopRequested) return;
    stopRequested = signal;
    log.info('server.stopping', { signal });
    setTimeout(() => {
      log.error('server.stopTimeout', {});
      process.exit(1);
    }, SHUTDOWN_HARD_LIMIT_MS).unref();
    if (server) stopAndExit(server);
  };
  const stopAndExit = (running: RunningServer) =>
    running.stop().then(
      (clean) => {
        log.info('server.stopped', { clean });
        process.exit(clean ? 0 : 1);
      },
      (err) => {
        log.error('server.stopFailed', errorFields(err));
        process.exit(1);
      },
    );
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  try {
    server = await startServer(config, log);
  } catch (err) {
    const refusal = isStartupRefusal(err);
    if (refusal) {
      process.stderr.write(refusal.message + '\n');
      process.exit(refusal.exitCode);
    }
    log.error('server.startFailed', errorFields(err));
    process.exit(1);
  }
  if (stopRequested) stopAndExit(server);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
