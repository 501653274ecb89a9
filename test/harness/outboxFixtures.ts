// The persisted outbox on real files for the outbox tests: a test clock, the real BotDeliveryPort over
// a real CloudAdapter (wrapped in a spy) talking to the fake Bot Connector, and a fixture that reopens.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CloudAdapter } from 'botbuilder';
import { AuditLog } from '../../src/audit/auditLog.js';
import { createAdapter } from '../../src/bot/adapter.js';
import { BotDeliveryPort } from '../../src/bot/proactive.js';
import { ConversationDirectory, type ConversationAddress } from '../../src/conversations/conversationDirectory.js';
import type { ConversationRecord } from '../../src/conversations/types.js';
import { loadConfig } from '../../src/config/env.js';
import { createLogger } from '../../src/log/logger.js';
import { openDelivery, type Delivery, type DeliveryOptions } from '../../src/outbox/delivery.js';
import type { DeliveryPort, OutboxPayload, OutboxRequest } from '../../src/outbox/types.js';
import type { DocumentStore } from '../../src/store/documentStore.js';
import { openMainStore, type MainData } from '../../src/store/mainStore.js';
import { FakeConnector } from './fakeConnector.js';
import { TestClock } from './testClock.js';

/** Wraps a port and records every call, so a test can prove a refusal came before any request. */
export class SpyPort implements DeliveryPort {
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

export const BASE_MS = 15_000; // the default backoff base
let seq = 0;

export interface Fixture {
  dir: string;
  file: string;
  clock: TestClock;
  store: DocumentStore<MainData>;
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

export async function outboxFixture(connector: FakeConnector, adapter: CloudAdapter): Promise<Fixture> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lotse-outbox-'));
  const clock = new TestClock();
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

export const note = (key: string, userKey: string, text = `Erinnerung ${key}`, extra: Partial<OutboxRequest> = {}): OutboxRequest => ({
  key, target: { userKey }, payload: { text }, ...extra,
});

export interface OutboxEnv {
  connector: FakeConnector;
  adapter: CloudAdapter;
  f: Fixture;
}

/** Registers the hooks of an outbox test: one fake connector per file, a fresh fixture per test. */
export function useOutboxFixture(): OutboxEnv {
  const env = {} as OutboxEnv;
  before(async () => {
    env.connector = await new FakeConnector().start();
    env.adapter = createAdapter(loadConfig({}, tmpdir()));
  });
  after(async () => {
    await env.connector?.stop();
  });
  beforeEach(async () => {
    env.connector.clear();
    env.f = await outboxFixture(env.connector, env.adapter);
  });
  afterEach(async () => {
    await env.f.dispose();
  });
  return env;
}
