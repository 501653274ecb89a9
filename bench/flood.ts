// Memory under a flood of hostile requests: the real server (src/index.ts, authentication on) gets
// FLOOD_REQUESTS requests — no token, garbage tokens, malformed JSON, forged invokes — from FLOOD_CONCURRENCY connections at a time. Reports the server's RSS before, at the peak
// and after an idle pause, and whether every request got an answer (a status, not a timeout).
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startProcess } from './httpLoad.js';

export interface FloodResult {
  requests: number;
  answered: number;
  statuses: Record<string, number>;
  rssBaselineMiB: number;
  rssPeakMiB: number;
  rssAfterMiB: number;
}

const TENANT = '11111111-2222-3333-4444-555555555555';

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

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

export async function runFlood(requests = Number(process.env.FLOOD_REQUESTS ?? 40000), concurrency = Number(process.env.FLOOD_CONCURRENCY ?? 64)): Promise<FloodResult> {
  const proc = await startProcess('src/index.ts', [], {
    LOG_LEVEL: 'info', MicrosoftAppId: 'a1b2c3d4-0000-4000-8000-00000000f100', MicrosoftAppPassword: 'bench-secret-not-real', ALLOWED_TENANTS: TENANT,
  });
  const statuses: Record<string, number> = {};
  let answered = 0;
  let peak = 0;
  try {
    await new Promise((r) => setTimeout(r, 1000));
    const baseline = rssMiB(proc.pid);
    let next = 0;
    const worker = async () => {
      while (next < requests) {
        const [url, init] = hostile(next++, proc.port);
        try {
          const res = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
          await res.arrayBuffer();
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          answered++;
        } catch {
          statuses.error = (statuses.error ?? 0) + 1;
        }
        if (next % 2000 === 0) peak = Math.max(peak, rssMiB(proc.pid));
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    peak = Math.max(peak, rssMiB(proc.pid));
    // V8 gives memory back after a quiet spell (its memory reducer runs on idle).
    await new Promise((r) => setTimeout(r, 12000));
    return { requests, answered, statuses, rssBaselineMiB: baseline, rssPeakMiB: peak, rssAfterMiB: rssMiB(proc.pid) };
  } finally {
    await proc.stop();
  }
}

export function formatFlood(r: FloodResult): string[] {
  const f = (n: number) => n.toFixed(0);
  return [
    `Flood: ${r.requests} hostile requests (no token / garbage token / malformed JSON / forged invoke), all answered: ${r.answered === r.requests ? 'yes' : `no (${r.answered})`}; statuses ${JSON.stringify(r.statuses)}`,
    `| server RSS | MiB |\n|---|---:|\n| before | ${f(r.rssBaselineMiB)} |\n| peak | ${f(r.rssPeakMiB)} |\n| 12 s after | ${f(r.rssAfterMiB)} |`,
    `ratio after / before: ${(r.rssAfterMiB / r.rssBaselineMiB).toFixed(2)}`,
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) console.log(formatFlood(await runFlood()).join('\n'));
