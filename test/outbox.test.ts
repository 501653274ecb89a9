// The persisted outbox (src/outbox) on real files, with a test clock and the real BotDeliveryPort over
// a real CloudAdapter talking to the fake Bot Connector: sending, retries, dead targets, the allow-list.
import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { checkServiceUrl } from '../src/outbox/delivery.js';
import type { OutboxRequest } from '../src/outbox/types.js';
import { FakeConnector } from './harness/fakeConnector.js';
import { BASE_MS, note, useOutboxFixture, type Fixture } from './harness/outboxFixtures.js';

describe('outbox and scheduler (delivery.json, BotDeliveryPort, fake connector)', function () {
  this.timeout(20000);
  const env = useOutboxFixture();
  let connector: FakeConnector;
  let f: Fixture;
  beforeEach(() => ({ connector, f } = env));

  /** A row as the delivery holds it (its committed state; restarts are tested by reopening the file). */
  const row = (key: string): any => (f.delivery as any).store.data.rows[key];
  const posts = (conversationId: string) => connector.received.filter((r) => r.method === 'POST' && r.conversationId === conversationId);

  it('sends a card with its summary once: the same key enqueued twice is one row and one message', async () => {
    const u = await f.user();
    const card = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Frist morgen' }] };
    await f.delivery.notifier.enqueue({ key: 'rem:1', target: { userKey: u.key }, payload: { text: 'Erinnerung: Frist morgen', card } });
    await f.delivery.notifier.enqueue({ key: 'rem:1', target: { userKey: u.key }, payload: { text: 'anderer Text' } });
    expect(f.delivery.stats().rows.pending).to.equal(1);
    await f.delivery.tick();
    await f.delivery.tick();
    const sent = posts(u.conversationId);
    expect(sent).to.have.length(1);
    expect(sent[0]!.body.text).to.equal('Erinnerung: Frist morgen');
    expect(sent[0]!.body.attachments[0].contentType).to.equal('application/vnd.microsoft.card.adaptive');
    expect(sent[0]!.body.attachments[0].content).to.deep.equal(card);
    expect(row('rem:1')).to.include({ status: 'sent', attempts: 1 });
    expect(f.delivery.notifier.deliveredActivityId('rem:1')).to.match(/^reply-\d+$/);
    // The text is kept only until it is sent, and never logged.
    expect(await readFile(f.file, 'utf8')).not.to.contain('Frist morgen');
    expect(JSON.stringify(f.logs)).not.to.contain('Frist morgen');
  });

  it('rejects malformed requests before anything is stored', async () => {
    const u = await f.user();
    for (const bad of [
      { key: 'has space', target: { userKey: u.key }, payload: { text: 'x' } },
      { key: '__proto__', target: { userKey: u.key }, payload: { text: 'x' } },
      { key: 'k', target: { userKey: u.key }, payload: { text: '' } },
      { key: 'k', target: { userKey: u.key, conversationKey: 'x' }, payload: { text: 'x' } },
      { key: 'k', target: { userKey: u.key }, payload: { text: 'x', card: { big: 'x'.repeat(70_000) } } },
    ]) {
      let failed = false;
      await f.delivery.notifier.enqueue(bad as OutboxRequest).catch(() => (failed = true));
      expect(failed, JSON.stringify(bad).slice(0, 80)).to.equal(true);
    }
    expect(f.delivery.stats().rows).to.deep.equal({ pending: 0, sending: 0, sent: 0, dead: 0, failed: 0 });
  });

  it('429: waits at least Retry-After (by the clock, with jitter), one request per attempt, delivered once', async () => {
    const u = await f.user();
    connector.respondWith({ status: 429, headers: { 'Retry-After': '3' } }, { status: 429, headers: { 'Retry-After': '3' } });
    await f.delivery.notifier.enqueue(note('n:429', u.key));
    const t0 = f.clock.t;
    await f.delivery.tick();
    expect(posts(u.conversationId), 'botbuilder retried on its own').to.have.length(1);
    expect(row('n:429')).to.include({ status: 'pending', attempts: 1, lastError: '429' });
    // Retry-After 3 s + full jitter (random 0.5) of the first backoff ceiling.
    expect(Date.parse(row('n:429').nextAttemptAt) - t0).to.equal(3000 + 0.5 * BASE_MS);
    f.clock.advance(3000 + 0.5 * BASE_MS - 1);
    await f.delivery.tick();
    expect(posts(u.conversationId), 'not before the wait is over').to.have.length(1);
    f.clock.advance(1);
    const t1 = f.clock.t;
    await f.delivery.tick();
    expect(posts(u.conversationId)).to.have.length(2);
    expect(Date.parse(row('n:429').nextAttemptAt) - t1, 'the ceiling doubles').to.equal(3000 + 0.5 * 2 * BASE_MS);
    f.clock.advance(3000 + BASE_MS);
    await f.delivery.tick();
    await f.delivery.tick();
    expect(posts(u.conversationId)).to.have.length(3);
    expect(row('n:429')).to.include({ status: 'sent', attempts: 3 });
    expect(f.delivery.stats().counters).to.include({ sent: 1, retried: 2 });
  });

  it('retries 412, 502 and 504; after maxAttempts the row is failed, visible, audited, and retry() sends it', async () => {
    const u = await f.user();
    connector.respondWith({ status: 412 }, { status: 502 }, { status: 504 });
    await f.delivery.notifier.enqueue(note('n:5xx', u.key));
    for (let i = 0; i < 4; i++) {
      await f.delivery.tick();
      f.clock.advance(2 * 60 * 60_000);
    }
    expect(posts(u.conversationId)).to.have.length(4);
    expect(row('n:5xx')).to.include({ status: 'sent', attempts: 4 });

    await f.delivery.close();
    const d = await f.open({ maxAttempts: 2 });
    connector.respondWith({ status: 503 }, { status: 503 });
    await d.notifier.enqueue(note('n:down', u.key));
    await d.tick();
    f.clock.advance(2 * 60 * 60_000);
    await d.tick();
    f.clock.advance(2 * 60 * 60_000);
    await d.tick();
    expect(posts(u.conversationId)).to.have.length(6);
    expect(d.undelivered()).to.deep.include({ key: 'n:down', target: u.key, status: 'failed', attempts: 2, lastError: '503', createdAt: row('n:down').createdAt, closedAt: row('n:down').closedAt });
    expect(f.logs.some((l) => l.event === 'outbox.failed' && l.key === 'n:down' && l.level === 'error')).to.equal(true);
    expect((await f.auditLines()).some((e) => e.actor === 'system' && e.action === 'outbox.failed' && e.record === 'n:down' && e.outcome === 'rejected')).to.equal(true);
    expect(await d.retry(['n:down'])).to.equal(1);
    await d.tick();
    expect(row('n:down')).to.include({ status: 'sent' });
    expect(posts(u.conversationId)).to.have.length(7);
  });

  it('a permanent error (400) fails the row at once', async () => {
    const u = await f.user();
    connector.respondWith({ status: 400 });
    await f.delivery.notifier.enqueue(note('n:400', u.key));
    await f.delivery.tick();
    f.clock.advance(60 * 60_000);
    await f.delivery.tick();
    expect(posts(u.conversationId)).to.have.length(1);
    expect(row('n:400')).to.include({ status: 'failed', lastError: '400', attempts: 1 });
  });

  it('403 makes the target dead: listed, later rows not sent, revived by an incoming activity', async () => {
    const u = await f.user();
    const other = await f.user();
    connector.respondWith({ status: 403 });
    await f.delivery.notifier.enqueue([note('d:1', u.key), note('o:1', other.key)]);
    await f.delivery.tick();
    expect(row('d:1')).to.include({ status: 'dead', lastError: '403' });
    expect(row('o:1'), 'other targets are unaffected').to.include({ status: 'sent' });
    const [dead] = f.delivery.deadTargets();
    expect(dead).to.include({ target: u.key, reason: 'forbidden', status: 403, parkedRows: 1 });

    f.clock.advance(60_000);
    await f.delivery.notifier.enqueue(note('d:2', u.key));
    const before = f.spy.calls.length;
    await f.delivery.tick();
    expect(f.spy.calls.length, 'no request to a dead target').to.equal(before);
    expect(row('d:2')).to.include({ status: 'dead', lastError: 'target_dead' });
    expect(f.delivery.deadTargets()[0]).to.include({ parkedRows: 2 });
    expect((await f.auditLines()).some((e) => e.action === 'outbox.target_dead' && e.record === u.key)).to.equal(true);

    // The user writes to the bot again: the same address is refreshed.
    await f.conversations.remember(u.key, u.address);
    expect(f.delivery.deadTargets()).to.deep.equal([]);
    await f.delivery.tick();
    f.clock.advance(1000);
    await f.delivery.tick();
    const texts = posts(u.conversationId).map((r) => r.body.text);
    expect(texts, 'parked rows go out in order after the revival').to.deep.equal(['Erinnerung d:1', 'Erinnerung d:1', 'Erinnerung d:2']);
    expect(row('d:2')).to.include({ status: 'sent' });
  });

  it('404 makes the target dead until a new address or an explicit revive', async () => {
    const u = await f.user();
    connector.respondWith({ status: 404 });
    await f.delivery.notifier.enqueue(note('g:1', u.key));
    await f.delivery.tick();
    expect(f.delivery.deadTargets()[0]).to.include({ target: u.key, reason: 'not_found' });
    expect(await f.delivery.revive(u.key)).to.equal(true);
    expect(await f.delivery.revive(u.key), 'nothing left to revive').to.equal(false);
    f.clock.advance(1000);
    await f.delivery.tick();
    expect(row('g:1')).to.include({ status: 'sent' });

    // A user never seen has no address: parked until the user first writes to the bot.
    const key = '00000000-0000-4000-8000-00000000ffff';
    await f.delivery.notifier.enqueue(note('g:2', key));
    await f.delivery.tick();
    expect(f.delivery.deadTargets().map((d) => [d.target, d.reason])).to.deep.include([key, 'no_address']);
    const conversationId = 'a:personal-late';
    await f.conversations.remember(key, { channelId: 'msteams', serviceUrl: connector.url, conversationId, botId: '28:integrationslotse' });
    await f.delivery.tick();
    expect(posts(conversationId)).to.have.length(1);
  });

  it('refuses a tampered serviceUrl before any network call: dead row, security log, audit', async () => {
    const evil = await new FakeConnector().start();
    try {
      const tampered = [
        await f.user('https://evil.example/'),
        await f.user('https://x.trafficmanager.net/'),
        await f.user(evil.url.replace('127.0.0.1', 'localhost')), // loopback, but not on the allow-list
        await f.user(connector.url.replace('http://', 'http://user:pw@')),
      ];
      await f.delivery.notifier.enqueue(tampered.map((u, i) => note(`t:${i}`, u.key)));
      await f.delivery.tick();
      expect(f.spy.calls, 'the port was never called').to.deep.equal([]);
      expect(evil.received, 'the foreign host saw no request').to.deep.equal([]);
      expect(connector.received).to.deep.equal([]);
      const refused = f.logs.filter((l) => l.event === 'outbox.refused');
      expect(refused.map((l) => l.host)).to.have.members(['evil.example', 'x.trafficmanager.net', 'localhost', '127.0.0.1']);
      expect(refused.every((l) => l.security === true && l.level === 'error')).to.equal(true);
      for (let i = 0; i < tampered.length; i++) expect(row(`t:${i}`)).to.include({ status: 'dead', lastError: 'host_refused' });
      const audits = (await f.auditLines()).filter((e) => e.action === 'outbox.refused');
      expect(audits.map((e) => e.record)).to.have.members(['t:0', 't:1', 't:2', 't:3']);
      expect(f.delivery.stats().counters.refused).to.equal(4);
    } finally {
      await evil.stop();
    }
  });

  it('the allow-list rule: exact host, https, http only for loopback', () => {
    const hosts = ['smba.trafficmanager.net', '127.0.0.1', '[::1]'];
    expect(checkServiceUrl('https://smba.trafficmanager.net/emea/', hosts).ok).to.equal(true);
    expect(checkServiceUrl('https://SMBA.trafficmanager.net:443/amer/', hosts).ok).to.equal(true);
    expect(checkServiceUrl('http://127.0.0.1:3979/', hosts).ok).to.equal(true);
    expect(checkServiceUrl('http://[::1]:3979/', hosts).ok).to.equal(true);
    for (const bad of [
      'http://smba.trafficmanager.net/emea/',
      'https://smba.trafficmanager.net.evil.example/',
      'https://evil.smba.trafficmanager.net/',
      'https://x.trafficmanager.net/',
      'https://a@smba.trafficmanager.net/',
      'ftp://smba.trafficmanager.net/',
      'not a url',
    ]) {
      expect(checkServiceUrl(bad, hosts).ok, bad).to.equal(false);
    }
  });
});
