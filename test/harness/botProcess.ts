// Runs the real server (src/index.ts) as a child process on a random port, as an operator would.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { storeEnv } from './testStore.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface BotProcess {
  port: number;
  url: string;
  dataDir: string;
  child: ChildProcess;
  logs: Record<string, any>[];
  stderr(): string;
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function tempDir(prefix = 'lotse-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Spawns `node --import tsx src/index.ts`; resolves once it logs `server.listening`, rejects if it exits first. */
export async function startBot(env: Record<string, string> = {}, dataDir = tempDir()): Promise<BotProcess> {
  const store = await storeEnv(dataDir); // TEST_STORE=postgres: this DATA_DIR's database
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: ROOT,
    // Scripted users send far more than a person could; the rate limit has its own tests (security.e2e).
    env: { ...cleanEnv(), NODE_ENV: 'development', PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info', RATE_LIMIT_PER_MINUTE: '10000', ...store, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, any>[] = [];
  let err = '';
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      let nl: number;
      while ((nl = out.indexOf('\n')) >= 0) {
        const line = out.slice(0, nl);
        out = out.slice(nl + 1);
        try {
          const entry = JSON.parse(line);
          logs.push(entry);
          if (entry.event === 'server.listening') {
            const port = entry.port as number;
            resolve({
              port,
              url: `http://127.0.0.1:${port}`,
              dataDir,
              child,
              logs,
              stderr: () => err,
              exited,
              stop: async (signal = 'SIGTERM') => {
                if (child.exitCode === null) child.kill(signal);
                return exited;
              },
            });
          }
        } catch {
          logs.push({ raw: line });
        }
      }
    });
    void exited.then((code) => reject(new Error(`bot exited with ${code} before listening: ${err}`)));
  });
}

/** Runs the server expecting it to refuse to start; returns exit code and stderr. */
export async function startBotExpectingExit(env: Record<string, string>, dataDir = tempDir()): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: ROOT,
    env: { ...cleanEnv(), NODE_ENV: 'development', PORT: '0', DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  return { code, stderr, stdout };
}

/** The test runner's environment without variables that would change the bot's configuration. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of ['STORE', 'DATABASE_URL', 'DATABASE_POOL_MAX', 'OUTBOX_LEASE_SECONDS', 'RATE_LIMIT_PER_MINUTE', 'BOT_OPENID_METADATA_URL', 'MicrosoftAppId', 'MicrosoftAppPassword', 'MicrosoftAppType', 'MicrosoftAppTenantId', 'ALLOWED_TENANTS', 'LANGUAGE_ENDPOINT', 'LANGUAGE_KEY', 'ROSTER_FILE', 'TZ', 'STORE_KEY_FILE', 'STORE_ENCRYPTION']) delete env[k];
  return env;
}
