// The console chat: same bot, same store, in a terminal (stdin/stdout), with numbered buttons.
import { expect } from 'chai';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, tempDir } from './harness/botProcess.js';
import { acquireLock } from '../src/store/lock.js';

/** A console chat session driven line by line, waiting for the bot's output in between. */
class ChatSession {
  out = '';
  err = '';
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcessWithoutNullStreams;

  constructor(args: string[], dataDir: string) {
    this.child = spawn(process.execPath, ['--import', 'tsx', 'scripts/chat.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'development', DATA_DIR: dataDir, ROSTER_FILE: '', ALLOWED_TENANTS: '' },
    });
    this.child.stdout.on('data', (d: Buffer) => (this.out += d.toString()));
    this.child.stderr.on('data', (d: Buffer) => (this.err += d.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', resolve));
  }

  /** Sends a line and resolves once the output after it matches `until`. */
  async say(line: string, until: RegExp): Promise<string> {
    const from = this.out.length;
    this.child.stdin.write(line + '\n');
    const deadline = Date.now() + 15000;
    while (!until.test(this.out.slice(from))) {
      if (Date.now() > deadline) throw new Error(`no ${until} after "${line}":\n${this.out.slice(from)}\n${this.err}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return this.out.slice(from);
  }

  async end(): Promise<number | null> {
    this.child.stdin.end();
    return this.exited;
  }
}

describe('console chat (npm run chat)', function () {
  this.timeout(40000);

  it('welcomes, shows the menu with numbered buttons, presses one, and runs an admin dialog into the same store', async () => {
    const dataDir = tempDir('lotse-chat-');
    const chat = new ChatSession(['--as', 'demo-admin'], dataDir);
    const menu = await chat.say('hilfe', /Wer bin ich\?/);
    const button = /\[(\d+)\] Wer bin ich\?/.exec(menu)?.[1];
    expect(button, menu).to.be.a('string');
    expect(await chat.say(button!, /Ihre Kennung/)).to.contain('Ihre Kennung: demo-admin');
    expect(await chat.say('rolle setzen demo-x officer Werl', /Gespeichert/)).to.contain('demo-x ist jetzt Integrationsbeauftragte/r (JVA Werl)');
    expect(await chat.end(), chat.err).to.equal(0);
    expect(chat.out).to.contain('Willkommen beim Integrationslotsen');
    const store = JSON.parse(readFileSync(path.join(dataDir, 'store.json'), 'utf8'));
    expect(store.data.roleAssignments['demo-x']).to.include({ role: 'officer', institutionId: 'jva-werl' });
  });

  it('speaks English with --lang en, and refuses a DATA_DIR in use', async () => {
    const dataDir = tempDir('lotse-chat-');
    const chat = new ChatSession(['--lang', 'en'], dataDir);
    expect(await chat.say('help', /What would you like to do\?/)).to.contain('What would you like to do?');
    expect(await chat.end()).to.equal(0);
    const lock = await acquireLock(dataDir);
    try {
      const busy = new ChatSession([], dataDir);
      expect(await busy.exited).to.equal(1);
      expect(busy.err).to.contain('is in use by process');
    } finally {
      await lock.release();
    }
  });
});
