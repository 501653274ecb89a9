// The console chat: same bot, same store, in a terminal (stdin/stdout), with numbered buttons.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, tempDir } from './harness/botProcess.js';
import { acquireLock } from '../src/store/lock.js';

function chat(args: string[], lines: string[], dataDir: string): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/chat.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'development', DATA_DIR: dataDir, ROSTER_FILE: '', ALLOWED_TENANTS: '' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.stdin.end(lines.map((l) => l + '\n').join(''));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out, err })));
}

describe('console chat (npm run chat)', function () {
  this.timeout(30000);

  it('welcomes, shows the menu with numbered buttons, presses one, and runs an admin dialog into the same store', async () => {
    const dataDir = tempDir('lotse-chat-');
    const res = await chat(['--as', 'demo-admin'], ['hilfe', '1', 'rolle setzen demo-x officer Werl', 'abbrechen'], dataDir);
    expect(res.code, res.err).to.equal(0);
    expect(res.out).to.contain('Willkommen beim Integrationslotsen');
    expect(res.out).to.match(/\[1\] Wer bin ich\?/);
    expect(res.out).to.contain('Ihre Kennung: demo-admin');
    expect(res.out).to.contain('demo-x ist jetzt Integrationsbeauftragte/r (JVA Werl)');
    const store = JSON.parse(readFileSync(path.join(dataDir, 'store.json'), 'utf8'));
    expect(store.data.roleAssignments['demo-x']).to.include({ role: 'officer', institutionId: 'jva-werl' });
  });

  it('speaks English with --lang en and refuses a DATA_DIR in use', async () => {
    const dataDir = tempDir('lotse-chat-');
    const res = await chat(['--lang', 'en'], ['help'], dataDir);
    expect(res.out).to.contain('What would you like to do?');
    const lock = await acquireLock(dataDir);
    try {
      const busy = await chat([], ['hilfe'], dataDir);
      expect(busy.code).to.equal(1);
      expect(busy.err).to.contain('is in use by process');
    } finally {
      await lock.release();
    }
  });
});
