// The persisted outbox across restarts and crashes, its pacing, in-place updates, and how port
// failures are mapped (real BotDeliveryPort, fake Bot Connector, test clock).
import { expect } from 'chai';
import type { CloudAdapter } from 'botbuilder';
import { ConsoleDeliveryPort, retryAfterOf, toDeliveryError } from '../src/bot/proactive.js';
import { createLogger } from '../src/log/logger.js';
import { openDelivery } from '../src/outbox/delivery.js';
import type { DeliveryPort } from '../src/outbox/types.js';
import { FakeConnector } from './harness/fakeConnector.js';
import { note, useOutboxFixture, type Fixture } from './harness/outboxFixtures.js';

describe('outbox and scheduler (delivery.json, BotDeliveryPort, fake connector)', function () {
  this.timeout(20000);
  const env = useOutboxFixture();
  let connector: FakeConnector;
  let adapter: CloudAdapter;
  let f: Fixture;
  beforeEach(() => ({ connector, adapter, f } = env));

  /** A row as the delivery holds it (its committed state; restarts are tested by reopening the file). */
  const row = (key: string): any => (f.delivery as any).store.data.rows[key];
  const posts = (conversationId: string) => connector.received.filter((r) => r.method === 'POST' && r.conversationId === conversationId);

  it('pending rows resume after a restart and are sent exactly once', async () => {
    const a = await f.user();
    const b = await f.user();
    await f.delivery.notifier.enqueue([note('r:a', a.key), note('r:b', b.key)]);
    await f.delivery.close(); // "crash" before the worker ran: the rows are on disk
    let d = await f.open();
    expect(d.stats().rows.pending).to.equal(2);
    await d.tick();
    expect(posts(a.conversationId)).to.have.length(1);
    expect(posts(b.conversationId)).to.have.length(1);
    await d.close();
    d = await f.open();
    f.clock.advance(60_000);
    await d.tick();
    expect(connector.received).to.have.length(2);
    expect(d.stats().rows.sent).to.equal(2);
  });

  it('a row interrupted mid-request by a crash is sent again after the restart (at least once)', async () => {
    const u = await f.user();
    let reached!: () => void;
    const inRequest = new Promise<void>((resolve) => (reached = resolve));
    const hanging: DeliveryPort = {
      send: () => {
        reached();
        return new Promise(() => {}); // the process "dies" during this request
      },
      update: () => new Promise(() => {}),
    };
    const first = await openDelivery({ file: f.file, conversations: f.conversations, port: hanging, clock: f.clock, log: createLogger('error', () => {}), audit: f.audit, allowedServiceHosts: ['127.0.0.1'] });
    await first.notifier.enqueue(note('c:1', u.key));
    void first.tick();
    await inRequest;
    // The restarted process reads what is on disk: the row was marked `sending` before the request.
    await f.delivery.close();
    const d = await f.open();
    expect(f.logs.some((l) => l.event === 'outbox.resumed_in_doubt' && l.key === 'c:1')).to.equal(true);
    await d.tick();
    expect(posts(u.conversationId)).to.have.length(1);
    expect(row('c:1')).to.include({ status: 'sent', attempts: 2 });
  });

  it('paces one message per second per conversation and a global cap per second', async () => {
    const u = await f.user();
    await f.delivery.notifier.enqueue([note('p:1', u.key), note('p:2', u.key), note('p:3', u.key)]);
    await f.delivery.tick();
    await f.delivery.tick();
    expect(posts(u.conversationId)).to.have.length(1);
    f.clock.advance(999);
    await f.delivery.tick();
    expect(posts(u.conversationId)).to.have.length(1);
    f.clock.advance(1);
    await f.delivery.tick();
    expect(posts(u.conversationId).map((r) => r.body.text)).to.deep.equal(['Erinnerung p:1', 'Erinnerung p:2']);

    await f.delivery.close();
    const d = await f.open({ pacing: { perConversationMs: 1000, globalPerSecond: 2 } });
    const users = [await f.user(), await f.user(), await f.user()];
    await d.notifier.enqueue(users.map((x, i) => note(`g:${i}`, x.key)));
    connector.clear();
    await d.tick();
    expect(connector.received, 'global cap').to.have.length(2);
    f.clock.advance(1000);
    await d.tick();
    expect(connector.received.map((r) => r.body.text)).to.include('Erinnerung g:2');
  });

  it('replaces: updates the earlier message in place (PUT with its activity id), or sends when there is none', async () => {
    const u = await f.user();
    await f.delivery.notifier.enqueue(note('e:1', u.key, 'Eskalation offen'));
    // Enqueued before the original went out: waits for it, then updates it.
    await f.delivery.notifier.enqueue(note('e:1:closed', u.key, 'Eskalation erledigt', { replaces: 'e:1' }));
    await f.delivery.tick();
    const original = f.delivery.notifier.deliveredActivityId('e:1')!;
    expect(original).to.be.a('string');
    f.clock.advance(1000);
    await f.delivery.tick();
    const put = connector.received.filter((r) => r.method === 'PUT');
    expect(put).to.have.length(1);
    expect(put[0]).to.include({ conversationId: u.conversationId, activityId: original });
    expect(put[0]!.body.text).to.equal('Eskalation erledigt');
    expect(f.delivery.notifier.deliveredActivityId('e:1:closed')).to.equal(original);
    expect(f.delivery.stats().counters).to.include({ sent: 1, updated: 1 });

    // The same conversation under a second key (e.g. a team inbox): the update still waits for the
    // original, which is in backoff after a 429, instead of overtaking it as a new message.
    await f.conversations.remember('inbox:test', u.address);
    f.clock.advance(1000);
    connector.respondWith({ status: 429, headers: { 'Retry-After': '1' } });
    await f.delivery.notifier.enqueue({ key: 'i:1', target: { conversationKey: 'inbox:test' }, payload: { text: 'Neue Anfrage' } });
    await f.delivery.notifier.enqueue(note('i:1:taken', u.key, 'Anfrage übernommen', { replaces: 'i:1' }));
    await f.delivery.tick();
    expect(row('i:1')).to.include({ status: 'pending', lastError: '429' });
    expect(row('i:1:taken')).to.include({ status: 'pending', attempts: 0 });
    f.clock.advance(60 * 60_000);
    await f.delivery.tick();
    f.clock.advance(1000);
    await f.delivery.tick();
    expect(connector.received.filter((r) => r.method === 'PUT').map((r) => [r.activityId, r.body.text])).to.deep.include([f.delivery.notifier.deliveredActivityId('i:1'), 'Anfrage übernommen']);

    // The original was never delivered: a new message instead.
    f.clock.advance(1000);
    await f.delivery.notifier.enqueue(note('e:2:closed', u.key, 'Neu statt ersetzt', { replaces: 'e:2-never-sent' }));
    await f.delivery.tick();
    expect(posts(u.conversationId).map((r) => r.body.text)).to.include('Neu statt ersetzt');

    // The message to update is gone (404 on PUT): sent anew, the target stays alive.
    f.clock.advance(1000);
    connector.respondWith({ status: 404 });
    await f.delivery.notifier.enqueue(note('e:1:again', u.key, 'Nochmal', { replaces: 'e:1:closed' }));
    await f.delivery.tick();
    f.clock.advance(1000);
    await f.delivery.tick();
    expect(connector.received.filter((r) => r.method === 'PUT')).to.have.length(3);
    expect(posts(u.conversationId).map((r) => r.body.text)).to.include('Nochmal');
    expect(f.delivery.deadTargets()).to.deep.equal([]);
  });

  it('a failed send never reaches the adapter\'s onTurnError (which would reply and clear dialog state)', async () => {
    const u = await f.user();
    let turnErrors = 0;
    const previous = adapter.onTurnError;
    adapter.onTurnError = async () => {
      turnErrors++;
    };
    try {
      connector.respondWith({ status: 502 });
      await f.delivery.notifier.enqueue(note('x:1', u.key));
      await f.delivery.tick();
      expect(row('x:1')).to.include({ status: 'pending', lastError: '502' });
      expect(turnErrors).to.equal(0);
    } finally {
      adapter.onTurnError = previous;
    }
  });

  it('maps connector errors and Retry-After forms to DeliveryError', () => {
    const headers = (h: Record<string, string>) => ({ get: (n: string) => h[n.toLowerCase()] });
    expect(retryAfterOf(headers({ 'retry-after': '2' }))).to.equal(2000);
    expect(retryAfterOf(headers({ 'retry-after-ms': '1500' }))).to.equal(1500);
    expect(retryAfterOf(headers({ 'retry-after': new Date(10_000).toUTCString() }), 4000)).to.equal(6000);
    expect(retryAfterOf(headers({ 'retry-after': 'soon' }))).to.equal(undefined);
    const e = toDeliveryError({ name: 'RestError', statusCode: 429, message: 'text that must not travel', response: { status: 429, headers: headers({ 'retry-after': '7' }) } });
    expect(e).to.include({ status: 429, retryAfterMs: 7000 });
    expect(e.message).not.to.contain('text');
    expect(toDeliveryError(Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' }))).to.include({ message: 'ECONNREFUSED', status: undefined });
  });

  it('a port that cannot reach a conversation leaves its rows pending; the console port prints without the network', async () => {
    const consoleAddress = { channelId: 'console', serviceUrl: 'console://local', conversationId: 'console:demo', botId: 'integrationslotse' };
    await f.conversations.remember('demo-user', consoleAddress);
    await f.delivery.notifier.enqueue(note('k:1', 'demo-user'));
    await f.delivery.tick();
    expect(f.spy.calls).to.deep.equal([]);
    expect(row('k:1')).to.include({ status: 'pending', attempts: 0 });
    await f.delivery.close();

    const printed: string[] = [];
    const d = await f.open({ port: new ConsoleDeliveryPort((a) => printed.push(String(a.text))), allowedServiceHosts: [] });
    await d.tick();
    expect(printed).to.deep.equal(['Erinnerung k:1']);
    expect(row('k:1')).to.include({ status: 'sent' });
  });
});
