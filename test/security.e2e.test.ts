// Attacks over raw HTTP and sockets against the real server (child process): invalid Host headers,
// slow clients, malformed identities, unknown card verbs, floods, forged tokens.
import { expect } from 'chai';
import { useBot } from './harness/useBot.js';
import { readAuditEntries, storeFingerprint } from './harness/testStore.js';
import { startBot } from './harness/botProcess.js';
import { rawRequest, heldOpen } from './harness/rawHttp.js';
import { FakeOpenId } from './harness/fakeOpenId.js';
import { TENANT, type TestUser } from './harness/botClient.js';
import { AUTH_REASONS } from '../src/security/authFailure.js';

const officer: TestUser = { aadObjectId: 'demo-officer-jva' };
const staffA: TestUser = { aadObjectId: '5ec00000-0000-4000-8000-00000000000a' };
const staffB: TestUser = { aadObjectId: '5ec00000-0000-4000-8000-00000000000b' };

const audit = readAuditEntries;
/** Every store except the append-only audit log. */
const storeHash = (dataDir: string) => storeFingerprint(dataDir);

const BAD_HOSTS = ['a b', 'foo|bar', '[', 'x:99999', 'ex\u00e4mple.org'];

describe('security: HTTP surface (raw sockets)', function () {
  this.timeout(40000);
  const { bot, client, connector } = useBot();

  for (const host of BAD_HOSTS) {
    it(`answers Host "${host}" with 400 and keeps running`, async () => {
      const answer = await rawRequest(bot.port, `GET /healthz HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      expect(answer).to.match(/^HTTP\/1\.1 400/);
      const health = await fetch(`${bot.url}/healthz`);
      expect(health.status).to.equal(200);
      expect(bot.child.exitCode).to.equal(null);
    });
  }

  it('also refuses an invalid Host on POST /api/messages before the bot sees it', async () => {
    const body = JSON.stringify(client.activity(officer, { text: 'hilfe' }));
    const answer = await rawRequest(bot.port, `POST /api/messages HTTP/1.1\r\nHost: a b\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    expect(answer).to.match(/^HTTP\/1\.1 400/);
    expect(connector.messages(client.conversationId(officer))).to.have.length(0);
  });

  it('closes a connection whose headers never finish (header timeout)', async () => {
    const closed = await heldOpen(bot.port, 'GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: 1', 30000);
    expect(closed, 'the server closed the slow connection').to.equal(true);
    expect((await fetch(`${bot.url}/healthz`)).status).to.equal(200);
  });

  it('refuses malformed tenant and user ids before anything runs: no reply, store unchanged, audited', async () => {
    await client.say(officer, 'wer bin ich'); // the store files exist
    const before = (await storeHash(bot.dataDir));
    const cases: Record<string, unknown>[] = [
      { channelData: { tenant: { id: `${TENANT} x` } } },
      { from: { id: '29:x', aadObjectId: 'demo-officer-jva\r\n{"forged":1}' } },
      { from: { id: { nested: true }, aadObjectId: 'demo-officer-jva' } },
      { conversation: { id: 'a:personal-x', conversationType: 'personal', tenantId: `${TENANT}\u0007` } },
    ];
    for (const fields of cases) {
      const res = await client.send(officer, { text: 'eskalation', ...fields });
      expect(res.status).to.equal(200);
      expect(res.replies, JSON.stringify(fields)).to.have.length(0);
    }
    const invoke = await client.send(officer, { type: 'invoke', name: 'adaptiveCard/action', id: 'act\u0001ivity', value: { action: { type: 'Action.Execute', verb: 'escalation.refresh', data: {} } } });
    expect(invoke.status).to.equal(403);
    expect((await storeHash(bot.dataDir))).to.equal(before);
    const rejected = (await audit(bot.dataDir)).filter((e) => e.action === 'identity.rejected');
    expect(rejected).to.have.length(5);
    for (const e of rejected) expect(e.record).to.match(/^[a-zA-Z.]+$/);
  });

  it('refuses and audits invokes with an unknown, numeric or missing verb', async () => {
    const before = (await audit(bot.dataDir)).filter((e) => e.action === 'card.unknown_verb').length;
    for (const action of [{ type: 'Action.Execute', verb: 'nope.nothing' }, { type: 'Action.Execute', verb: 42 }, undefined]) {
      const res = await client.send(officer, { type: 'invoke', name: 'adaptiveCard/action', value: action ? { action } : {} });
      expect(res.status).to.equal(400);
    }
    expect((await audit(bot.dataDir)).filter((e) => e.action === 'card.unknown_verb').length - before).to.equal(3);
  });
});

describe('security: per-user rate limit', function () {
  this.timeout(40000);
  const { bot, client } = useBot({ env: { RATE_LIMIT_PER_MINUTE: '5' } });

  it('answers a flood from one user with 429 and one audit entry; other users are unaffected', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await client.say(staffA, 'wer bin ich')).status);
    expect(statuses.slice(0, 5)).to.deep.equal([200, 200, 200, 200, 200]);
    expect(statuses.slice(5).every((s) => s === 429)).to.equal(true);
    const other = await client.say(staffB, 'wer bin ich');
    expect(other.status).to.equal(200);
    expect(other.replies).to.have.length(1);
    const limited = (await audit(bot.dataDir)).filter((e) => e.action === 'rate.limited');
    expect(limited).to.have.length(1);
    expect(limited[0]!.actor).to.equal(staffA.aadObjectId);
  });

  it('limits card invokes per user too', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push((await client.send(staffB, { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'x.y' } } })).status);
    }
    expect(statuses.slice(0, 5).every((s) => s === 400)).to.equal(true);
    expect(statuses.slice(5)).to.deep.equal([429, 429]);
  });
});

describe('security: authentication failures (real botbuilder JWT validation, local keys)', function () {
  this.timeout(40000);
  const APP_ID = 'a1b2c3d4-0000-4000-8000-000000000001';
  const openid = new FakeOpenId();
  before(() => openid.start());
  after(() => openid.stop());
  const { bot, client, connector } = useBot({
    env: () => ({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'test-secret-not-real', BOT_OPENID_METADATA_URL: openid.metadataUrl }),
  });
  const claims = () => ({ iss: 'https://api.botframework.com', aud: APP_ID, serviceurl: connector.url });
  const post = (token: string | undefined, fields: Record<string, unknown> = { text: 'hilfe' }) =>
    client.post(JSON.stringify(client.activity(officer, fields)), token === undefined ? {} : { authorization: `Bearer ${token}` });

  it('accepts a correctly signed token (positive control: the bot itself answers the invoke)', async () => {
    const res = await post(openid.sign(claims()), { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'x.y' } } });
    expect(res.status).to.equal(400);
  });

  const forged: [string, () => string | undefined][] = [
    ['no token', () => undefined],
    ['garbage', () => 'abc'],
    ['unsigned (alg none)', () => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims())).toString('base64url')}.`],
    ['a key the metadata does not list', () => openid.sign(claims(), { key: 'other' })],
    ['an unknown key id', () => openid.sign(claims(), { kid: 'not-a-key' })],
    ['expired', () => openid.sign({ ...claims(), exp: Math.floor(Date.now() / 1000) - 3600, iat: Math.floor(Date.now() / 1000) - 7200 })],
    ['wrong audience', () => openid.sign({ ...claims(), aud: 'someone-else' })],
    ['an audience with a forged log line', () => openid.sign({ ...claims(), aud: 'x\n{"event":"forged-line","level":"info"}' })],
    ['wrong issuer', () => openid.sign({ ...claims(), iss: 'https://evil.example.org' })],
    ['serviceUrl mismatch', () => openid.sign({ ...claims(), serviceurl: 'https://evil.example.org/' })],
  ];
  for (const [name, token] of forged) {
    it(`answers ${name} with 401, never 500`, async () => {
      const res = await post(token());
      expect(res.status).to.equal(401);
      expect(res.body).not.to.contain('forged');
    });
  }

  it('logs each failure as one structured line with a reason code and nothing attacker-chosen', async () => {
    const lines = bot.logs.filter((l) => l.event === 'auth.rejected');
    expect(lines.length).to.equal(forged.length);
    for (const l of lines) expect(AUTH_REASONS).to.include(l.reason);
    // The codes tell an operator what happened, not just "unauthorized".
    expect(lines.map((l) => l.reason)).to.deep.equal([
      'token_missing', 'unauthorized', 'signing_key_unknown', 'signature_invalid', 'signing_key_unknown', 'token_expired',
      'audience_invalid', 'audience_invalid', 'unauthorized', 'service_url_mismatch',
    ]);
    expect(bot.logs.some((l) => 'raw' in l), 'every stdout line is JSON').to.equal(false);
    expect(JSON.stringify(bot.logs) + bot.stderr()).not.to.contain('forged-line');
    expect((await audit(bot.dataDir)).filter((e) => e.action === 'auth.rejected')).to.have.length(forged.length);
  });
});

describe('security: production mode keeps running on a bad Host header', function () {
  this.timeout(40000);
  it('answers 400 before authentication and serves on', async () => {
    const bot = await startBot({
      NODE_ENV: 'production', MicrosoftAppId: 'a1b2c3d4-0000-4000-8000-000000000002', MicrosoftAppPassword: 'test-secret-not-real',
      ALLOWED_TENANTS: TENANT, STORE_ENCRYPTION: 'off',
    });
    try {
      for (const host of BAD_HOSTS) expect(await rawRequest(bot.port, `GET /healthz HTTP/1.1\r\nHost: ${host}\r\n\r\n`, 1500)).to.match(/^HTTP\/1\.1 400/);
      expect((await fetch(`${bot.url}/healthz`)).status).to.equal(200);
    } finally {
      await bot.stop();
    }
  });
});

describe('security: case enumeration through card refresh', function () {
  this.timeout(40000);
  const { client } = useBot();
  const officerJva: TestUser = { aadObjectId: 'demo-officer-jva' };
  const refresh = (user: TestUser, caseId: string) =>
    client.send(user, { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'escalation.refresh', data: { caseId } } } });

  it('answers "not yours" exactly like "does not exist", with no case metadata', async () => {
    // An officer files a case in one message: category, urgency, summary, no case ref, send.
    for (const text of ['eskalation', '1', 'normal', 'Bitte um Rückruf wegen eines Übersetzungsbedarfs im Zugang.', 'ohne', 'senden']) await client.say(officerJva, text);
    const own = await refresh(officerJva, 'ESK-2026-0001');
    expect(own.status, 'the requester sees the case').to.equal(200);
    const existing = await refresh(staffA, 'ESK-2026-0001');
    const missing = await refresh(staffA, 'ESK-2026-0999');
    expect(existing.status).to.equal(missing.status);
    expect(existing.body.replace('0001', 'XXXX')).to.equal(missing.body.replace('0999', 'XXXX'));
    expect(existing.body).not.to.match(/JVA|Radikal|dringend|normal/i);
  });
});
