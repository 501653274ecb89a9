// Outbox drain on PostgreSQL: N enqueued rows sent by one worker vs two workers (two instances, each
// with its own engine and pool, on one database, claims with a lease), beside one worker on the JSON
// files. The port answers after a fixed latency (a stand-in for Teams), pacing off: the figure is
// what the store lets through, not what the pacing allows.
import path from 'node:path';
import { PgAuditLog } from '../src/audit/pgAuditLog.js';
import { AuditLog } from '../src/audit/auditLog.js';
import { ConversationDirectory } from '../src/conversations/conversationDirectory.js';
import type { ConversationRecord } from '../src/conversations/types.js';
import { silentLogger } from '../src/log/logger.js';
import { DELIVERY_FILE, openDelivery, type Delivery } from '../src/outbox/delivery.js';
import type { DeliveryPort, OutboxPayload } from '../src/outbox/types.js';
import { registerEngine } from '../src/store/engine.js';
import { openMainStore } from '../src/store/mainStore.js';
import { PgEngine } from '../src/store/postgres/pgEngine.js';
import { systemClock } from '../src/time/clock.js';
import { tempDir } from '../test/harness/botProcess.js';
import type { BenchDatabase } from './postgresServer.js';

export interface PgOutboxResult {
  name: string;
  engine: 'lowdb' | 'postgres';
  workers: number;
  messages: number;
  seconds: number;
  perSecond: number;
  /** Messages sent more than once (must be 0). */
  duplicates: number;
  /** Messages sent per worker, in instance order. */
  perWorker: number[];
}

/** A port that answers after `latencyMs` and counts what it sent, shared by every instance of a run. */
class SlowPort {
  readonly sent = new Map<string, number>();
  constructor(private readonly latencyMs: number) {}
  forWorker(counts: number[], i: number): DeliveryPort {
    return {
      send: async (_address: ConversationRecord, payload: OutboxPayload) => {
        await new Promise((r) => setTimeout(r, this.latencyMs));
        this.sent.set(payload.text, (this.sent.get(payload.text) ?? 0) + 1);
        counts[i] = (counts[i] ?? 0) + 1;
        return { activityId: `a-${this.sent.size}` };
      },
      update: async () => {},
    };
  }
  get total(): number {
    let n = 0;
    for (const c of this.sent.values()) n += c;
    return n;
  }
}

interface Instance {
  delivery: Delivery;
  directory: ConversationDirectory;
  close(): Promise<void>;
}

async function openInstance(db: BenchDatabase | undefined, port: DeliveryPort, tickIntervalMs: number | undefined): Promise<Instance> {
  const dir = tempDir('lotse-bench-pgoutbox-');
  const engine = db ? await PgEngine.open({ url: db.url, poolMax: db.poolMax }) : undefined;
  const unregister = engine ? registerEngine(dir, engine) : () => {};
  const store = await openMainStore(path.join(dir, 'store.json'));
  const directory = new ConversationDirectory(store);
  const audit = engine ? new PgAuditLog(engine.db) : await AuditLog.open(path.join(dir, 'audit.jsonl'));
  const delivery = await openDelivery({
    file: path.join(dir, DELIVERY_FILE), conversations: directory, port, clock: systemClock, log: silentLogger, audit,
    allowedServiceHosts: ['127.0.0.1'], pacing: false, tickIntervalMs,
    ...(engine ? { sync: () => engine.sync(), leaseMs: 90_000 } : {}),
  });
  return {
    delivery,
    directory,
    async close() {
      await delivery.close();
      await store.close();
      await audit.close();
      unregister();
      await engine?.close();
    },
  };
}

/**
 * `tickIntervalMs` undefined: the shipped wake-up (a worker passes on its own enqueues and completions, else
 * every 15 s), so a second worker that lost the first claim race idles until its timer. A short interval
 * lets both workers keep passing: the figure then is what the shared store lets through.
 */
export async function drainOutbox(db: BenchDatabase | undefined, workers: number, messages: number, latencyMs: number, tickIntervalMs?: number): Promise<PgOutboxResult> {
  await db?.reset();
  const port = new SlowPort(latencyMs);
  const perWorker: number[] = Array.from({ length: workers }, () => 0);
  const instances: Instance[] = [];
  let seconds: number;
  try {
    for (let i = 0; i < workers; i++) instances.push(await openInstance(db, port.forWorker(perWorker, i), tickIntervalMs));
    const [first] = instances as [Instance];
    const conversations = Math.max(1, Math.round(messages / 2));
    for (let c = 0; c < conversations; c++) {
      await first.directory.remember(`00000000-0000-4000-8000-${String(c).padStart(12, '0')}`, {
        channelId: 'msteams', serviceUrl: 'http://127.0.0.1:9/', conversationId: `a:bench-${c}`, conversationType: 'personal', botId: '28:bench',
      });
    }
    await first.delivery.notifier.enqueue(Array.from({ length: messages }, (_, i) => ({
      key: `bench:${i}`, target: { userKey: `00000000-0000-4000-8000-${String(i % conversations).padStart(12, '0')}` }, payload: { text: `Erinnerung ${i}` },
    })));
    const t0 = performance.now();
    for (const inst of instances) inst.delivery.start();
    while (port.sent.size < messages) await new Promise((r) => setTimeout(r, 5));
    seconds = (performance.now() - t0) / 1000;
  } finally {
    for (const inst of instances) await inst.close(); // waits for requests in flight: a late duplicate counts too
  }
  const engine = db ? 'postgres' : 'lowdb';
  return {
    name: `${engine}, ${workers} worker${workers > 1 ? 's' : ''}, ${tickIntervalMs === undefined ? 'shipped wake-up (15 s tick)' : `${tickIntervalMs} ms tick`}`, engine, workers, messages, seconds,
    perSecond: messages / seconds, duplicates: port.total - port.sent.size, perWorker,
  };
}
