// Issue 13: two bot cores (as two instances would run them) on one PostgreSQL database (PGlite here,
// Debian's server in CI via TEST_DATABASE_URL): dialog state with eTags, the audit trail, the outbox
// (each message sent by exactly one instance, a dead instance's claim taken over after its lease),
// scheduled jobs fired once, and a lost database answered politely while /readyz fails.
import { expect } from 'chai';
import { ActivityTypes, TestAdapter, type Activity, type Storage } from 'botbuilder';
import { openCore, type AppCore } from '../src/app.js';
import { loadConfig } from '../src/config/env.js';
import { silentLogger } from '../src/log/logger.js';
import type { ConversationRecord } from '../src/conversations/types.js';
import type { DeliveryPort, OutboxPayload } from '../src/outbox/types.js';
import { withSyncedStorage } from '../src/bot/storeGate.js';
import { rejects } from './harness/tempFiles.js';
import { tempDir } from './harness/botProcess.js';
import { TestClock } from './harness/testClock.js';
import { useTestDatabase } from './harness/pglite.js';

/** A port that records what each instance sent; `hold` keeps requests open (an instance that dies mid-send). */
class CountingPort implements DeliveryPort {
  readonly sent: string[] = [];
  hold = false;
  readonly held: string[] = [];
  async send(_address: ConversationRecord, payload: OutboxPayload) {
    if (this.hold) {
      this.held.push(payload.text);
      return new Promise<{ activityId?: string }>(() => {});
    }
    this.sent.push(payload.text);
    return { activityId: `a-${this.sent.length}` };
  }
  async update() {}
}

const address = (user: string) => ({ channelId: 'msteams', serviceUrl: 'https://smba.trafficmanager.net/emea/', conversationId: `conv-${user}`, botId: 'bot', userId: user });

describe('PostgreSQL: two bot instances on one database', function () {
  this.timeout(90000);
  const holder = useTestDatabase();
  const cores: AppCore[] = [];
  const clock = new TestClock('2026-12-07T09:00:00Z');
  const instance = async (port: DeliveryPort, lease = '30') => {
    const config = loadConfig({ DATA_DIR: tempDir('lotse-inst-'), STORE: 'postgres', DATABASE_URL: holder.db.url, DATABASE_POOL_MAX: String(holder.db.poolMax), OUTBOX_LEASE_SECONDS: lease }, process.cwd());
    const core = await openCore(config, silentLogger, { deliveryPort: port, clock, dailyRetention: false });
    cores.push(core);
    return core;
  };
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.close().catch(() => {});
  });

  it('shares dialog state with eTag concurrency: a stale write from the other instance is refused', async () => {
    const a = await instance(new CountingPort());
    const b = await instance(new CountingPort());
    // The Storage the bot's ConversationState writes through (protected in botbuilder's types).
    const storageA = (a.conversationState as unknown as { storage: Storage }).storage;
    const storageB = (b.conversationState as unknown as { storage: Storage }).storage;
    await storageA.write({ 'msteams/conversations/c1': { step: 1 } });
    await b.storage.sync();
    const seenByB = (await storageB.read(['msteams/conversations/c1']))['msteams/conversations/c1'];
    expect(seenByB).to.include({ step: 1 });
    await storageA.write({ 'msteams/conversations/c1': { step: 2, eTag: seenByB.eTag } });
    // B writes with the eTag it read before A's write: refused, even though B's memory has not caught up yet.
    expect((await rejects(storageB.write({ 'msteams/conversations/c1': { step: 3, eTag: seenByB.eTag } }))).message).to.match(/eTag conflict/);
    await b.storage.sync();
    expect((await storageB.read(['msteams/conversations/c1']))['msteams/conversations/c1']).to.include({ step: 2 });
  });

  it('keeps one audit trail for both instances', async () => {
    const a = await instance(new CountingPort());
    const b = await instance(new CountingPort());
    await a.audit.record({ actor: 'u-a', action: 'test.a', outcome: 'ok' });
    await b.audit.record({ actor: 'u-b', action: 'test.b', outcome: 'ok' });
    const actions = (await b.audit.entries()).map((e) => e.action);
    expect(actions).to.include.members(['test.a', 'test.b']);
    expect(await a.audit.rewrite((e) => e.action !== 'test.a')).to.deep.include({ removed: 1 });
    expect((await b.audit.entries()).map((e) => e.action)).not.to.include('test.a');
  });

  it('sends each enqueued message exactly once although both workers pass over it', async () => {
    const portA = new CountingPort();
    const portB = new CountingPort();
    const a = await instance(portA);
    const b = await instance(portB);
    for (let i = 0; i < 6; i++) await a.conversations.remember(`u${i}`, address(`u${i}`));
    await a.delivery.notifier.enqueue([0, 1, 2, 3, 4, 5].map((i) => ({ target: { userKey: `u${i}` }, payload: { text: `Nachricht ${i}` }, key: `k${i}` })));
    await b.delivery.tick(); // B sends what A enqueued
    expect(portB.sent).to.have.length(6);
    await a.delivery.notifier.enqueue([6, 7, 8, 9].map((i) => ({ target: { userKey: `u${i % 6}` }, payload: { text: `Nachricht ${i}` }, key: `k${i}` })));
    clock.advance(5000); // past the per-conversation pacing
    for (let round = 0; round < 4; round++) await Promise.all([a.delivery.tick(), b.delivery.tick()]);
    const all = [...portA.sent, ...portB.sent].sort();
    expect(all).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => `Nachricht ${i}`));
  });

  it("takes over a dead instance's claimed message after the lease, not before", async () => {
    const portA = new CountingPort();
    const portB = new CountingPort();
    const a = await instance(portA, '8'); // requests time out after 4 s, well inside the lease
    const b = await instance(portB, '8');
    await a.conversations.remember('u1', address('u1'));
    portA.hold = true; // A claims the row, starts the request, and never finishes it (killed)
    await a.delivery.notifier.enqueue({ target: { userKey: 'u1' }, payload: { text: 'Eskalation übernommen' }, key: 'k-taken' });
    void a.delivery.tick(); // not awaited: its request never returns
    while (portA.held.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await a.storage.release(); // A is gone: no outcome of its request can be written any more
    await b.delivery.tick();
    expect(portB.sent, 'within the lease the row is still A’s').to.deep.equal([]);
    clock.advance(9_000);
    await b.delivery.tick();
    await b.delivery.tick();
    expect(portB.sent).to.deep.equal(['Eskalation übernommen']);
    expect(b.delivery.undelivered()).to.deep.equal([]);
  });

  it('fires a scheduled job once although both instances find it due', async () => {
    const portA = new CountingPort();
    const portB = new CountingPort();
    const a = await instance(portA);
    const b = await instance(portB);
    let handled = 0;
    for (const core of [a, b]) {
      core.delivery.scheduler.handle('test.reminder', (job) => {
        handled++;
        return [{ target: { userKey: 'u1' }, payload: { text: 'Erinnerung' }, key: `reminder-${job.id}` }];
      });
    }
    await a.conversations.remember('u1', address('u1'));
    await a.delivery.scheduler.schedule({ id: 'job-1', kind: 'test.reminder', dueAt: new Date(clock.t - 1000).toISOString(), data: {} });
    await Promise.all([a.delivery.tick(), b.delivery.tick()]);
    await Promise.all([a.delivery.tick(), b.delivery.tick()]);
    expect([...portA.sent, ...portB.sent]).to.deep.equal(['Erinnerung']);
    expect(handled).to.be.within(1, 2); // a handler may run on both; only one firing commits
  });

  it('answers "temporarily unavailable" while the database is gone, and runs nothing', async () => {
    let ran = 0;
    const storage = { available: true, sync: () => Promise.reject(Object.assign(new Error('gone'), { code: 'ECONNREFUSED' })) };
    const adapter = new TestAdapter(withSyncedStorage(storage, async () => void ran++, silentLogger), { channelId: 'test', locale: 'de-DE' } as Partial<Activity>);
    await adapter.send('meine eskalationen').assertReply((reply) => {
      expect(reply.type).to.equal(ActivityTypes.Message);
      expect(reply.text).to.contain('vorübergehend nicht verfügbar');
    });
    expect(ran).to.equal(0);
  });
});
