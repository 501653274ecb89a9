// The real bot for the HTTP benchmark: `--state file` (durable dialog state, as shipped) or `--state memory`.
import { loadConfig } from '../src/config/env.js';
import { createLogger } from '../src/log/logger.js';
import { startServer } from '../src/index.js';

const state = process.argv.includes('memory') ? 'memory' : 'file';
const server = await startServer(loadConfig(), createLogger('warn'), { stateStorage: state });
console.log(JSON.stringify({ event: 'server.listening', port: server.port }));
process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
