// Runs an operator command (scripts/<name>.ts) as a real process, as an operator would with npm run.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { cleanEnv, ROOT } from './botProcess.js';

export interface ScriptResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export async function runScript(name: string, args: string[], env: Record<string, string>): Promise<ScriptResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join('scripts', `${name}.ts`), ...args], {
    cwd: ROOT,
    env: { ...cleanEnv(), NODE_ENV: 'development', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  return { code, stdout, stderr };
}
