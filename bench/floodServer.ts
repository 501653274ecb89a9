// The real server (as src/index.ts starts it, console routed to the log) for the flood bench, with a
// bench-only IPC channel: the parent asks for process.memoryUsage(), a forced GC (needs --expose-gc)
// or a heap snapshot. Nothing of this is reachable over HTTP.
import { writeHeapSnapshot } from 'node:v8';
import { loadConfig } from '../src/config/env.js';
import { createLogger } from '../src/log/logger.js';
import { routeConsoleToLog } from '../src/log/consoleGuard.js';
import { startServer } from '../src/index.js';

export type FloodServerRequest = { id: number; op: 'memory' | 'gc' | 'snapshot'; file?: string };

const config = loadConfig();
const log = createLogger(config.logLevel);
routeConsoleToLog(log);
const server = await startServer(config, log);
// stdout directly: console is routed to the log now.
process.stdout.write(JSON.stringify({ event: 'server.listening', port: server.port }) + '\n');

process.on('message', (msg: FloodServerRequest) => {
  if (msg.op === 'gc') {
    // Twice: the first full GC may only finalize what the second then frees.
    (globalThis as { gc?: () => void }).gc?.();
    (globalThis as { gc?: () => void }).gc?.();
  }
  const file = msg.op === 'snapshot' ? writeHeapSnapshot(msg.file) : undefined;
  process.send!({ id: msg.id, memory: process.memoryUsage(), file });
});
process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
