// The persisted outbox and scheduler (src/outbox/delivery.ts) on real files, with a manual clock and
// the real BotDeliveryPort over a real CloudAdapter talking to the fake Bot Connector.
import { expect } from 'chai';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CloudAdapter } from 'botbuilder';
import { AuditLog } from '../src/audit/auditLog.js';
import { createAdapter } from '../src/bot/adapter.js';
import { BotDeliveryPort, ConsoleDeliveryPort, retryAfterOf, toDeliveryError } from '../src/bot/proactive.js';
import { loadConfig } from '../src/config/env.js';
import { ConversationDirectory, type ConversationAddress } from '../src/conversations/conversationDirectory.js';
import type { ConversationRecord } from '../src/conversations/types.js';
import { createLogger } from '../src/log/logger.js';
import { checkServiceUrl, openDelivery, type Delivery, type DeliveryOptions } from '../src/outbox/delivery.js';
import type { DeliveryPort, OutboxPayload, OutboxRequest, ScheduledJob } from '../src/outbox/types.js';
import type { JsonStore } from '../src/store/jsonStore.js';
import { openMainStore, type MainData } from '../src/store/mainStore.js';
import { FakeConnector } from './harness/fakeConnector.js';

class ManualClock {
  t = Date.parse('2026-03-02T09:00:00.000Z');
  now = () => new Date(this.t);
  advance(ms: number): void {
    this.t += ms;
  }
}

/** Wraps a port and records every call, so a test can prove a refusal came before any request. */
class SpyPort implements DeliveryPort {
  readonly calls: string[] = [];
  constructor(private readonly inner: DeliveryPort) {}
  accepts(address: ConversationRecord): boolean {
    return this.inner.accepts?.(address) ?? true;
  }
  send(address: ConversationRecord, payload: OutboxPayload) {
    this.calls.push(`send ${address.serviceUrl}`);
    return this.inner.send(address, payload);
  }
  update(address: ConversationRecord, activityId: string, payload: OutboxPayload) {
    this.calls.push(`update ${address.serviceUrl}`);
    return this.inner.update(address, activityId, payload);
  }
}

const BASE_MS = 15_000; // the default backoff base
let seq = 0;

interface Fixture {
  dir: string;
  file: string;
  clock: ManualClock;
  store: JsonStore<MainData>;
  conversations: ConversationDirectory;
  audit: AuditLog;
  logs: Record<string, any>[];
  spy: SpyPort;
  delivery: Delivery;
  open(extra?: Partial<DeliveryOptions>): Promise<Delivery>;
  /** A fresh user with a remembered 1:1 address at the fake connector. */
  user(serviceUrl?: string): Promise<{ key: string; conversationId: string; address: ConversationAddress }>;
  auditLines(): Promise<Record<string, any>[]>;
  dispose(): Promise<void>;
}

describe('outbox and scheduler (delivery.json, BotDeliveryPort, fake connector)', function () {
  this.timeout(20000);
  let connector: FakeConnector;
  let adapter: CloudAdapter;
  let f: Fixture;

  before(async () => {
    connector = await new FakeConnector().start();
    adapter = createAdapter(loadConfig({}, tmpdir()));
  });
  after(async () => {
    await connector?.stop();
  });
  beforeEach(async () => {
    connector.clear();
    f = await fixture();
  });
  afterEach(async () => {
    await f.dispose();
  });

  async function fixture(): Promise<Fixture> {
    const dir = await mkdtemp(path.join(tmpdir(), 'lotse-outbox-'));
    const clock = new ManualClock();
    const logs: Record<string, any>[] = [];
    const log = createLogger('debug', (line) => logs.push(JSON.parse(line)));
    const store = await openMainStore(path.join(dir, 'store.json'));
    const conversations = new ConversationDirectory(store, clock.now);
    const audit = await AuditLog.open(path.join(dir, 'audit.jsonl'));
    const spy = new SpyPort(new BotDeliveryPort(adapter, { log }));
    const file = path.join(dir, 'delivery.json');
    const opened: Delivery[] = [];
    const fx: Fixture = {
      dir, file, clock, store, conversations, audit, logs, spy,
      delivery: undefined as unknown as Delivery,
      async open(extra = {}) {
        const d = await openDelivery({
          file, conversations, port: spy, clock, log, audit, allowedServiceHosts: ['127.0.0.1'], random: () => 0.5, ...extra,
        });
        opened.push(d);
        fx.delivery = d;
        return d;
      },
      async user(serviceUrl = connector.url) {
        const n = ++seq;
        const key = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
        const conversationId = `a:personal-${n}`;
        const address: ConversationAddress = {
          channelId: 'msteams', serviceUrl, conversationId, conversationType: 'personal',
          tenantId: '11111111-2222-3333-4444-555555555555', botId: '28:integrationslotse', userId: `29:${key}`, locale: 'de-DE',
        };
        await conversations.remember(key, address);
        return { key, conversationId, address };
      },
      async auditLines() {
        await audit.flush();
        return (await readFile(path.join(dir, 'audit.jsonl'), 'utf8')).trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
      },
      async dispose() {
        for (const d of opened) await d.close();
        await store.close();
        await audit.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
    await fx.open();
    return fx;
  }

  const note = (key: string, userKey: string, text = `Erinnerung ${key}`, extra: Partial<OutboxRequest> = {}): OutboxRequest => ({
    key, target: { userKey }, payload: { text }, ...extra,
  });
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

  describe('scheduler', () => {
    const job = (id: string, dueInMs: number, kind = 'reminder'): ScheduledJob => ({
      id, kind, dueAt: new Date(f.clock.t + dueInMs).toISOString(), data: { userKey: '', n: 1 },
    });

    it('fires a due job once: its rows and its removal in one commit; a restart does not repeat it', async () => {
      const u = await f.user();
      let calls = 0;
      const handler = (j: ScheduledJob) => {
        calls++;
        return [note(`job:${j.id}`, String(j.data.userKey))];
      };
      f.delivery.scheduler.handle('reminder', handler);
      await f.delivery.scheduler.schedule({ ...job('j:1', 60_000), data: { userKey: u.key } });
      await f.delivery.tick();
      expect(calls).to.equal(0);
      f.clock.advance(60_000);
      await f.delivery.tick();
      expect(calls).to.equal(1);
      expect(posts(u.conversationId).map((r) => r.body.text)).to.deep.equal(['Erinnerung job:j:1']);
      expect(f.delivery.stats().jobs).to.equal(0);
      await f.delivery.close();
      const d = await f.open();
      d.scheduler.handle('reminder', handler);
      f.clock.advance(60_000);
      await d.tick();
      expect(calls).to.equal(1);
      expect(posts(u.conversationId)).to.have.length(1);
    });

    it('a crash while committing a fired job loses nothing and repeats nothing', async () => {
      const u = await f.user();
      await f.delivery.close();
      // Fail the 1st, then the 2nd store write after the handler ran ("the process dies there"),
      // reopen, and check: the job and its rows are both still pending or both done — never half.
      for (const failAt of [1, 2]) {
        await rm(f.file);
        connector.clear();
        let writes = -1; // < 0: not armed
        const d1 = await f.open({
          beforeStep: (step) => {
            if (step === 'rename' && writes >= 0 && ++writes === failAt) throw Object.assign(new Error('simulated crash'), { code: 'EIO' });
          },
        });
        let calls = 0;
        // Keys differ per call, so a repeated firing would show as a second message.
        const handler = () => [note(`job:crash:${failAt}:${++calls}`, u.key)];
        d1.scheduler.handle('reminder', handler);
        await d1.scheduler.schedule(job('j:crash', 0));
        writes = 0;
        await d1.tick();
        expect(calls).to.equal(1);
        await d1.close();

        const d2 = await f.open();
        d2.scheduler.handle('reminder', handler);
        const { jobs, rows } = d2.stats();
        const rowCount = rows.pending + rows.sending + rows.sent;
        expect([jobs, rowCount], `failAt ${failAt}: job and rows together`).to.deep.equal(failAt === 1 ? [1, 0] : [0, 1]);
        await d2.tick();
        f.clock.advance(60 * 60_000);
        await d2.tick();
        await d2.close();
        const d3 = await f.open();
        d3.scheduler.handle('reminder', handler);
        f.clock.advance(60 * 60_000);
        await d3.tick();
        expect(posts(u.conversationId), `failAt ${failAt}: exactly one reminder`).to.have.length(1);
        expect(d3.stats().jobs).to.equal(0);
        await d3.close();
      }
    });

    it('the same id replaces, cancel removes, unknown kinds stay and are logged once', async () => {
      const u = await f.user();
      let fired: string[] = [];
      f.delivery.scheduler.handle('reminder', (j) => {
        fired.push(`${j.id}@${j.dueAt}`);
        return [note(`job:${j.id}:${j.dueAt}`, u.key)];
      });
      await f.delivery.scheduler.schedule(job('j:a', 10_000));
      const later = job('j:a', 20_000);
      await f.delivery.scheduler.schedule(later);
      expect(f.delivery.stats().jobs).to.equal(1);
      f.clock.advance(10_000);
      await f.delivery.tick();
      expect(fired).to.deep.equal([]);
      f.clock.advance(10_000);
      await f.delivery.tick();
      expect(fired).to.deep.equal([`j:a@${later.dueAt}`]);

      fired = [];
      await f.delivery.scheduler.schedule(job('j:b', 1000));
      await f.delivery.scheduler.cancel('j:b');
      await f.delivery.scheduler.cancel('j:b');
      f.clock.advance(5000);
      await f.delivery.tick();
      expect(fired).to.deep.equal([]);

      await f.delivery.scheduler.schedule(job('j:c', 0, 'unknown-kind'));
      await f.delivery.tick();
      await f.delivery.tick();
      expect(f.logs.filter((l) => l.event === 'scheduler.unknown_kind' && l.jobId === 'j:c')).to.have.length(1);
      expect(f.delivery.stats().jobs).to.equal(1);
      f.delivery.scheduler.handle('unknown-kind', () => []);
      await f.delivery.tick();
      expect(f.delivery.stats().jobs).to.equal(0);
    });

    it('a failing handler keeps its job and is retried later', async () => {
      let calls = 0;
      f.delivery.scheduler.handle('flaky', () => {
        calls++;
        if (calls === 1) throw new Error('handler down');
        return [];
      });
      await f.delivery.scheduler.schedule(job('j:flaky', 0, 'flaky'));
      await f.delivery.tick();
      await f.delivery.tick();
      expect(calls, 'backs off instead of spinning').to.equal(1);
      expect(f.delivery.stats().jobs).to.equal(1);
      f.clock.advance(60_000);
      await f.delivery.tick();
      expect(calls).to.equal(2);
      expect(f.delivery.stats().jobs).to.equal(0);
    });
  });
});
