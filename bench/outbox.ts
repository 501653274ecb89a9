// Outbox figures: proactive messages per second to the local fake connector through the real
// BotDeliveryPort/CloudAdapter — direct port calls (no outbox, the baseline) beside the persisted outbox
// with pacing off and with the shipped pacing (1 message/s per conversation, 30/s overall).
//   node --import tsx bench/outbox.ts      (BENCH_OUTBOX_ROWS, default 300)
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AuditLog } from '../src/audit/auditLog.js';
import { createAdapter } from '../src/bot/adapter.js';
import { BotDeliveryPort } from '../src/bot/proactive.js';
import { loadConfig } from '../src/config/env.js';
import { ConversationDirectory } from '../src/conversations/conversationDirectory.js';
import type { ConversationRecord } from '../src/conversations/types.js';
import { silentLogger } from '../src/log/logger.js';
import { openDelivery, type PacingOptions } from '../src/outbox/delivery.js';
import { type OutboxRequest } from '../src/outbox/types.js';
import { systemClock } from '../src/time/clock.js';
import { openMainStore } from '../src/store/mainStore.js';
import { FakeConnector } from '../test/harness/fakeConnector.js';
import { tempDir } from '../test/harness/botProcess.js';

export interface OutboxResult {
  name: string;
  messages: number;
  conversations: number;
  seconds: number;
  perSecond: number;
  /** Durable store writes (fsync'd) per message; 0 for the baseline. */
  writesPerMessage: number;
}

const payload = (i: number) => ({
  text: `Erinnerung ${i}: Schritt 2 ist heute fällig.`,
  card: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: `Schritt 2 fällig (${i})`, wrap: true }] },
});

async function setup(connector: FakeConnector, conversations: number) {
  const dir = tempDir('lotse-bench-outbox-');
  const store = await openMainStore(path.join(dir, 'store.json'));
  const directory = new ConversationDirectory(store);
  const audit = await AuditLog.open(path.join(dir, 'audit.jsonl'));
  const addresses: { key: string; address: ConversationRecord }[] = [];
  for (let c = 0; c < conversations; c++) {
    const key = `00000000-0000-4000-8000-${String(c).padStart(12, '0')}`;
    await directory.remember(key, { channelId: 'msteams', serviceUrl: connector.url, conversationId: `a:bench-${c}`, conversationType: 'personal', botId: '28:bench' });
    addresses.push({ key, address: directory.get(key)! });
  }
  return { dir, store, directory, audit, addresses };
}

/** The same sends as the outbox makes, 16 at a time, straight through the port. */
async function direct(connector: FakeConnector, messages: number, conversations: number): Promise<OutboxResult> {
  const env = await setup(connector, conversations);
  const port = new BotDeliveryPort(createAdapter(loadConfig({}, env.dir)));
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let i = next++; i < messages; i = next++) await port.send(env.addresses[i % conversations]!.address, payload(i));
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  await env.store.close();
  await env.audit.close();
  return { name: 'direct port calls (no outbox)', messages, conversations, seconds, perSecond: messages / seconds, writesPerMessage: 0 };
}

async function outbox(connector: FakeConnector, name: string, messages: number, conversations: number, pacing: PacingOptions | false): Promise<OutboxResult> {
  const env = await setup(connector, conversations);
  const port = new BotDeliveryPort(createAdapter(loadConfig({}, env.dir)));
  const delivery = await openDelivery({
    file: path.join(env.dir, 'delivery.json'), conversations: env.directory, port, clock: systemClock, log: silentLogger,
    audit: env.audit, allowedServiceHosts: ['127.0.0.1'], pacing,
  });
  const requests: OutboxRequest[] = Array.from({ length: messages }, (_, i) => ({
    key: `bench:${i}`, target: { userKey: env.addresses[i % conversations]!.key }, payload: payload(i),
  }));
  const writesBefore = (delivery as unknown as { store: { stats: { writes: number } } }).store.stats.writes;
  const t0 = performance.now();
  await delivery.notifier.enqueue(requests);
  delivery.start();
  while (delivery.stats().rows.sent < messages) await new Promise((r) => setTimeout(r, 5));
  const seconds = (performance.now() - t0) / 1000;
  const writes = (delivery as unknown as { store: { stats: { writes: number } } }).store.stats.writes - writesBefore;
  await delivery.close();
  await env.store.close();
  await env.audit.close();
  return { name, messages, conversations, seconds, perSecond: messages / seconds, writesPerMessage: writes / messages };
}

export async function outboxThroughput(rows = Number(process.env.BENCH_OUTBOX_ROWS ?? 300)): Promise<OutboxResult[]> {
  const connector = await new FakeConnector().start();
  try {
    const conversations = Math.max(1, Math.round(rows / 2));
    const paced = Math.min(rows, 120); // at 30/s the paced run takes rows/30 seconds
    return [
      await direct(connector, rows, conversations),
      await outbox(connector, 'outbox, pacing off', rows, conversations, false),
      await outbox(connector, 'outbox, shipped pacing (1/s per conversation, 30/s overall)', paced, Math.max(1, Math.round(paced / 2)), { perConversationMs: 1000, globalPerSecond: 30 }),
    ];
  } finally {
    await connector.stop();
  }
}

export function printOutbox(results: OutboxResult[]): void {
  const fmt = (n: number, d = 1) => n.toFixed(d);
  console.log('\nOutbox: proactive messages (card + summary) to the local fake connector, CloudAdapter + BotDeliveryPort');
  console.log('| scenario | messages | conversations | s | messages/s | store writes per message |\n|---|---:|---:|---:|---:|---:|');
  for (const r of results) console.log(`| ${r.name} | ${r.messages} | ${r.conversations} | ${fmt(r.seconds, 2)} | ${fmt(r.perSecond)} | ${fmt(r.writesPerMessage, 2)} |`);
  const [base, off] = results;
  if (base && off) console.log(`ratio outbox (pacing off) / direct: ${fmt(off.perSecond / base.perSecond, 2)}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) printOutbox(await outboxThroughput());
