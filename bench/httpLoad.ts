// C simulated users × M turns each against a bot over HTTP, the fake connector taking the replies.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { FakeConnector } from '../test/harness/fakeConnector.js';
import { ROOT, tempDir } from '../test/harness/botProcess.js';

export interface LoadResult {
  name: string;
  turns: number;
  seconds: number;
  throughput: number;
  p50: number;
  p99: number;
}

export async function startProcess(script: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, script), ...args], {
    cwd: ROOT,
    // Throughput is measured here; the per-user rate limit is not (test/security.e2e.test.ts covers it).
    env: { ...process.env, NODE_ENV: 'development', PORT: '0', DATA_DIR: tempDir('lotse-bench-'), LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '10000', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = /"event":"server.listening".*?"port":(\d+)/.exec(buf);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return { port, pid: child.pid!, stop: () => new Promise<void>((r) => (child.kill('SIGTERM'), child.once('exit', () => r()))) };
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Several ports: the requests go round-robin over them (instances behind a load balancer). */
export async function runLoad(name: string, port: number | number[], connector: FakeConnector, users: number, turns: number, texts: string[]): Promise<LoadResult> {
  const urls = (Array.isArray(port) ? port : [port]).map((p) => `http://127.0.0.1:${p}/api/messages`);
  let request = 0;
  const latencies: number[] = [];
  const turn = async (user: number, text: string) => {
    const body = JSON.stringify({
      type: 'message',
      id: randomUUID(),
      channelId: 'msteams',
      serviceUrl: connector.url,
      from: { id: `29:bench-${user}`, aadObjectId: `bench-user-${user}` },
      recipient: { id: '28:bot' },
      conversation: { id: `a:bench-${user}`, conversationType: 'personal' },
      channelData: { tenant: { id: 'bench' } },
      locale: 'de-DE',
      text,
    });
    const url = urls[request++ % urls.length]!;
    const t0 = performance.now();
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${name}: HTTP ${res.status}`);
    latencies.push(performance.now() - t0);
  };
  // Warm-up: every user once, not measured.
  await Promise.all(Array.from({ length: users }, (_, u) => turn(u, texts[0]!)));
  latencies.length = 0;
  connector.clear();
  const start = performance.now();
  await Promise.all(
    Array.from({ length: users }, async (_, u) => {
      for (let i = 0; i < turns; i++) await turn(u, texts[i % texts.length]!);
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  connector.clear();
  latencies.sort((a, b) => a - b);
  return { name, turns: users * turns, seconds, throughput: (users * turns) / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}
