// Memory under a flood of hostile requests: the real server (bench/floodServer.ts = src/index.ts's start-up,
// authentication on) gets FLOOD_REQUESTS requests — no token, garbage tokens, malformed JSON, forged
// invokes — from FLOOD_CONCURRENCY connections at a time, FLOOD_ROUNDS times (default 2, to see whether memory
// accumulates). Reports the server's own process.memoryUsage() (rss and heapUsed) before, at each peak, after
// each FLOOD_IDLE_MS idle pause and after a final forced GC, each as a ratio to the pre-flood baseline, and
// whether every request got an answer (a status, not a timeout). FLOOD_NODE_FLAGS passes flags to the server
// (e.g. --trace-gc), FLOOD_SERVER_OUT keeps its stdout in a file.
// FLOOD_SNAPSHOTS=dir also writes heap snapshots before and after (open them in Chrome DevTools → Memory).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, tempDir } from '../test/harness/botProcess.js';
import type { FloodServerRequest } from './floodServer.js';

type Memory = NodeJS.MemoryUsage;

export interface FloodRound {
  /** Highest rss and highest heapUsed sampled during the flood (not necessarily at the same moment). */
  peak: Memory;
  /** After the idle pause (no forced GC): what an operator would see. */
  afterIdle: Memory;
  /** Seconds idle until `back` (or until the limit). */
  idleS: number;
  /** rss and heapUsed both within BACK_RATIO of the baseline. */
  back: boolean;
  /** heapUsed (MiB) once a second during the idle pause. */
  idleHeapMiB: number[];
}

export interface FloodResult {
  requests: number;
  answered: number;
  statuses: Record<string, number>;
  idleMs: number;
  /** After start-up, a 1 s pause and a forced GC. */
  before: Memory;
  /** One flood and one idle pause each; a second round shows whether memory accumulates. */
  rounds: FloodRound[];
  /** After the last round and a forced full GC: what the heap still holds. */
  afterGc: Memory;
  snapshots?: string[];
}

const TENANT = '11111111-2222-3333-4444-555555555555';
const MiB = 1024 * 1024;

function hostile(i: number, port: number): [string, RequestInit] {
  const url = `http://127.0.0.1:${port}/api/messages`;
  const activity = (text: string) => JSON.stringify({
    type: 'message', id: randomUUID(), channelId: 'msteams', serviceUrl: 'http://127.0.0.1:9/',
    from: { id: `29:flood-${i % 500}`, aadObjectId: `flood-${i % 500}` }, recipient: { id: '28:bot' },
    conversation: { id: `a:flood-${i % 500}`, conversationType: 'personal', tenantId: TENANT }, channelData: { tenant: { id: TENANT } }, text,
  });
  const json = { 'content-type': 'application/json' };
  switch (i % 4) {
    case 0: return [url, { method: 'POST', headers: json, body: activity('hilfe') }];
    case 1: return [url, { method: 'POST', headers: { ...json, authorization: `Bearer ${randomUUID()}.${'x'.repeat(400)}.${i}` }, body: activity('x'.repeat(2000)) }];
    case 2: return [url, { method: 'POST', headers: json, body: '{"type":' + '['.repeat(5000) }];
    default: return [url, { method: 'POST', headers: { ...json, authorization: 'Bearer x' }, body: JSON.stringify({ type: 'invoke', name: 'adaptiveCard/action', value: { action: { verb: 'x'.repeat(5000) } } }) }];
  }
}

/** The flood server as a child with an IPC channel; `ask` sends one request and waits for its answer. */
async function startFloodServer(env: Record<string, string>) {
  const flags = (process.env.FLOOD_NODE_FLAGS ?? '').split(' ').filter(Boolean); // e.g. --trace-gc
  const child: ChildProcess = spawn(process.execPath, ['--expose-gc', ...flags, '--import', 'tsx', path.join(ROOT, 'bench/floodServer.ts')], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'development', PORT: '0', DATA_DIR: tempDir('lotse-flood-'), ...env },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let buf = '';
    const onData = (d: Buffer) => {
      buf += d.toString();
      const m = /"event":"server.listening".*?"port":(\d+)/.exec(buf);
      if (m) {
        child.stdout!.off('data', onData);
        // Keep draining the server's stdout (its log, V8 traces): into FLOOD_SERVER_OUT if set, else nowhere.
        if (process.env.FLOOD_SERVER_OUT) child.stdout!.pipe(createWriteStream(process.env.FLOOD_SERVER_OUT));
        else child.stdout!.resume();
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`floodServer exited with ${code}`)));
  });
  let nextId = 0;
  const pending = new Map<number, (m: { memory: Memory; file?: string }) => void>();
  child.on('message', (m: { id: number; memory: Memory; file?: string }) => pending.get(m.id)?.(m));
  const ask = (op: FloodServerRequest['op'], file?: string) =>
    new Promise<{ memory: Memory; file?: string }>((resolve) => {
      const id = nextId++;
      pending.set(id, (m) => (pending.delete(id), resolve(m)));
      child.send({ id, op, file } satisfies FloodServerRequest);
    });
  const stop = () => new Promise<void>((r) => (child.kill('SIGTERM'), child.once('exit', () => r())));
  return { port, pid: child.pid!, ask, stop };
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** "Back to baseline": rss and heapUsed at most this much above the pre-flood figures. */
const BACK_RATIO = 1.1;
const isBack = (m: Memory, before: Memory) => m.rss <= before.rss * BACK_RATIO && m.heapUsed <= before.heapUsed * BACK_RATIO;

export async function runFlood(
  requests = Number(process.env.FLOOD_REQUESTS ?? 40000),
  concurrency = Number(process.env.FLOOD_CONCURRENCY ?? 64),
  idleMs = Number(process.env.FLOOD_IDLE_MS ?? 180_000),
  roundCount = Number(process.env.FLOOD_ROUNDS ?? 2),
  snapshotDir = process.env.FLOOD_SNAPSHOTS,
  /** Called with the server's pid after the last measurement, before it stops (for ad-hoc inspection). */
  inspect?: (pid: number) => Promise<void>,
  serverEnv: Record<string, string> = {},
): Promise<FloodResult> {
  const server = await startFloodServer({
    ...serverEnv,
    LOG_LEVEL: 'info', MicrosoftAppId: 'a1b2c3d4-0000-4000-8000-00000000f100', MicrosoftAppPassword: 'bench-secret-not-real', ALLOWED_TENANTS: TENANT,
  });
  const statuses: Record<string, number> = {};
  const snapshots: string[] = [];
  let answered = 0;
  try {
    await pause(1000);
    const before = (await server.ask('gc')).memory;
    if (snapshotDir) snapshots.push((await server.ask('snapshot', path.join(snapshotDir, 'flood-before.heapsnapshot'))).file!);
    const rounds: FloodRound[] = [];
    for (let round = 0; round < roundCount; round++) {
      const peak = { ...before };
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          const m = (await server.ask('memory')).memory;
          for (const k of Object.keys(peak) as (keyof Memory)[]) peak[k] = Math.max(peak[k], m[k]);
          await pause(250);
        }
      })();
      let next = 0;
      const worker = async () => {
        while (next < requests) {
          const [url, init] = hostile(next++, server.port);
          try {
            const res = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
            await res.arrayBuffer();
            statuses[res.status] = (statuses[res.status] ?? 0) + 1;
            answered++;
          } catch {
            statuses.error = (statuses.error ?? 0) + 1;
          }
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      sampling = false;
      await sampler;
      // Idle: one sample a second until rss and heapUsed are both back near the baseline (V8's memory
      // reducer collects once it judges the allocation rate low), at most idleMs.
      const idleHeapMiB: number[] = [];
      let afterIdle = (await server.ask('memory')).memory;
      let idleS = 0;
      while (!isBack(afterIdle, before) && idleS * 1000 < idleMs) {
        await pause(1000);
        idleS++;
        afterIdle = (await server.ask('memory')).memory;
        idleHeapMiB.push(Math.round(afterIdle.heapUsed / MiB));
      }
      rounds.push({ peak, afterIdle, idleS, back: isBack(afterIdle, before), idleHeapMiB });
    }
    const afterGc = (await server.ask('gc')).memory;
    if (snapshotDir) snapshots.push((await server.ask('snapshot', path.join(snapshotDir, 'flood-after.heapsnapshot'))).file!);
    await inspect?.(server.pid);
    return { requests: requests * roundCount, answered, statuses, idleMs, before, rounds, afterGc, ...(snapshotDir ? { snapshots } : {}) };
  } finally {
    await server.stop();
  }
}

export function formatFlood(r: FloodResult): string[] {
  const row = (label: string, m: Memory) => {
    const cell = (k: keyof Memory) => `${(m[k] / MiB).toFixed(0)} (${(m[k] / r.before[k]).toFixed(2)})`;
    return `| ${label} | ${cell('rss')} | ${cell('heapUsed')} | ${(m.heapTotal / MiB).toFixed(0)} | ${(m.external / MiB).toFixed(1)} | ${(m.arrayBuffers / MiB).toFixed(1)} |`;
  };
  const backAfter = (round: FloodRound) => (round.back ? `after ${round.idleS} s idle` : `not back after ${round.idleS} s idle`);
  return [
    `Flood: ${r.rounds.length} × ${r.requests / r.rounds.length} hostile requests (no token / garbage token / malformed JSON / forged invoke), all answered: ${r.answered === r.requests ? 'yes' : `no (${r.answered})`}; statuses ${JSON.stringify(r.statuses)}`,
    `Server process.memoryUsage(), MiB (ratio to before); idle until rss and heapUsed are both ≤ ${BACK_RATIO} × before, at most ${(r.idleMs / 1000).toFixed(0)} s:`,
    '| moment | rss | heapUsed | heapTotal | external | arrayBuffers |\n|---|---:|---:|---:|---:|---:|',
    row('before (after GC)', r.before),
    ...r.rounds.flatMap((round, i) => [row(`flood ${i + 1}: peak`, round.peak), row(`flood ${i + 1}: ${backAfter(round)}`, round.afterIdle)]),
    row('after forced GC', r.afterGc),
    ...(r.snapshots ? [`heap snapshots: ${r.snapshots.join(', ')}`] : []),
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) console.log(formatFlood(await runFlood()).join('\n'));
