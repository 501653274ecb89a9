// The real server process with an encrypted DATA_DIR: sealed files, a wrong or missing key refused with
// the bytes untouched, production without a key refused; and the missing-file refusal.
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { withNewKey, writeKeyFile } from '../src/store/encryption.js';
import { startBot, startBotExpectingExit, tempDir } from './harness/botProcess.js';
import { runScript } from './harness/runScript.js';
import { testStore } from './harness/testStore.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
function hashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) if (name !== '.lock') out[name] = sha(readFileSync(path.join(dir, name)));
  return out;
}

async function startedOnce(env: Record<string, string>, dataDir = tempDir()): Promise<string> {
  const bot = await startBot(env, dataDir);
  expect(await bot.stop()).to.equal(0);
  return dataDir;
}

// Sealed files, the file list and missing store files are the JSON engine's (PostgreSQL: the database's encryption).
if (testStore() === 'lowdb') {
  describe('encryption at rest and missing store files (real process)', function () {
    this.timeout(60_000);

    it('seals every file in DATA_DIR; a wrong key or none refuses the start and leaves every byte as it was', async () => {
      const keyDir = tempDir('lotse-key-');
      const key = path.join(keyDir, 'key.json');
      const wrong = path.join(keyDir, 'wrong.json');
      await writeKeyFile(key, withNewKey(undefined, 'right'));
      await writeKeyFile(wrong, withNewKey(undefined, 'wrong'));
      const dataDir = await startedOnce({ STORE_KEY_FILE: key });
      const files = readdirSync(dataDir).filter((n) => !n.startsWith('.'));
      expect(files).to.include.members(['store.json', 'state.json', 'delivery.json', 'escalations.json', 'audit.jsonl']);
      for (const name of files) {
        const text = readFileSync(path.join(dataDir, name), 'utf8');
        for (const line of text.split('\n').filter(Boolean)) expect(line.startsWith('{"enc":"aes-256-gcm","kid":"right"'), name).to.equal(true);
      }
      const before = hashes(dataDir);

      const wrongKey = await startBotExpectingExit({ STORE_KEY_FILE: wrong }, dataDir);
      expect(wrongKey.code).to.equal(2);
      expect(wrongKey.stderr).to.contain('encrypted with key "right"').and.contain('not in STORE_KEY_FILE').and.contain(dataDir);
      expect(wrongKey.stderr).not.to.match(/^\s+at /m);
      const noKey = await startBotExpectingExit({}, dataDir);
      expect(noKey.code).to.equal(2);
      expect(noKey.stderr).to.contain('no STORE_KEY_FILE is configured');
      expect(hashes(dataDir)).to.deep.equal(before);

      const again = await startBot({ STORE_KEY_FILE: key }, dataDir);
      await again.stop();
    });

    it('production refuses to start without a key unless STORE_ENCRYPTION=off is set', async () => {
      const prod = { NODE_ENV: 'production', MicrosoftAppId: 'app', MicrosoftAppPassword: 'secret', ALLOWED_TENANTS: '00000000-0000-4000-8000-000000000001' };
      const res = await startBotExpectingExit(prod);
      expect(res.code).to.equal(2);
      expect(res.stderr).to.contain('STORE_KEY_FILE: is required in production (or set STORE_ENCRYPTION=off explicitly)');
      const off = await startBotExpectingExit({ ...prod, STORE_ENCRYPTION: 'off', STORE_KEY_FILE: '/tmp/x.json' });
      expect(off.stderr).to.contain('STORE_ENCRYPTION: is off, but STORE_KEY_FILE is set');
    });

    it('a store file missing next to the others refuses the start, naming it; store:init creates it on purpose', async () => {
      const dataDir = await startedOnce({});
      rmSync(path.join(dataDir, 'escalations.json'));
      const before = hashes(dataDir);
      const res = await startBotExpectingExit({}, dataDir);
      expect(res.code).to.equal(1);
      expect(res.stderr).to.contain(path.join(dataDir, 'escalations.json')).and.contain('missing').and.contain('npm run store:init');
      expect(res.stderr).not.to.match(/^\s+at /m);
      expect(hashes(dataDir)).to.deep.equal(before);

      const init = await runScript('store-init', [], { DATA_DIR: dataDir });
      expect(init.code, init.stderr).to.equal(0);
      expect(init.stdout).to.contain('created escalations.json');
      const bot = await startBot({}, dataDir);
      await bot.stop();
    });

    it('refuses a DATA_DIR from before the file list (no .store-files.json) that lacks a store file', async () => {
      const dataDir = await startedOnce({});
      rmSync(path.join(dataDir, '.store-files.json'));
      rmSync(path.join(dataDir, 'delivery.json'));
      const res = await startBotExpectingExit({}, dataDir);
      expect(res.code).to.equal(1);
      expect(res.stderr).to.contain(path.join(dataDir, 'delivery.json')).and.contain('other store files exist');
      expect(readdirSync(dataDir)).not.to.include('delivery.json');
    });

    it('operator scripts on an encrypted DATA_DIR keep every file sealed: knowledge import and export, figures:export', async () => {
      const key = path.join(tempDir('lotse-key-'), 'key.json');
      await writeKeyFile(key, withNewKey(undefined, 'right'));
      const dataDir = await startedOnce({ STORE_KEY_FILE: key });
      const env = { DATA_DIR: dataDir, STORE_KEY_FILE: key };
      const entries = path.join(tempDir('lotse-know-'), 'entries.csv');
      writeFileSync(entries, 'question_de,answer_de,topics\n"Wo finde ich die Hausordnung?","Im Intranet der Anstalt unter Formulare.",info-material\n');
      const imported = await runScript('knowledge', ['import', entries], env);
      expect(imported.code, imported.stderr).to.equal(0);
      const out = tempDir('lotse-out-');
      const exported = await runScript('knowledge', ['export', '--format', 'json', '--out', out], env);
      expect(exported.code, exported.stderr).to.equal(0);
      expect(JSON.parse(readFileSync(path.join(out, 'entries.json'), 'utf8')).map((e: { question_de: string }) => e.question_de)).to.include('Wo finde ich die Hausordnung?');
      const figures = await runScript('figures-export', ['--from', '2026-01-01', '--to', '2026-01-31', '--out', out], env);
      expect(figures.code, figures.stderr).to.equal(0);
      for (const name of ['knowledge.json', 'audit.jsonl']) {
        for (const line of readFileSync(path.join(dataDir, name), 'utf8').split('\n').filter(Boolean)) expect(line.startsWith('{"enc":"aes-256-gcm","kid":"right"'), name).to.equal(true);
      }
      const bot = await startBot({ STORE_KEY_FILE: key }, dataDir);
      expect(await bot.stop()).to.equal(0);
    });
  });
}
