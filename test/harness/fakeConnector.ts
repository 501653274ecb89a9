// A local stand-in for the Bot Connector service: the bot replies to `activity.serviceUrl`, which the
// tests point here. It records every call and can be told to delay or fail the next responses.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  path: string;
  conversationId: string;
  /** The activity id in the path: the replied-to id for replies, the updated id for PUT. */
  activityId?: string;
  body: Record<string, any>;
  at: number;
  /** The sender went away before the answer (an instance killed mid-request): Teams would not have confirmed it. */
  aborted?: boolean;
  /** The answer was written to a living sender. */
  answered?: boolean;
}

export interface PlannedResponse {
  status: number;
  delayMs?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export class FakeConnector {
  readonly received: Received[] = [];
  private readonly plan: PlannedResponse[] = [];
  /** Conversations that always get this status (a user who removed the bot, a broken channel). */
  private readonly failing = new Map<string, number>();
  private server?: http.Server;
  private listeners: (() => void)[] = [];
  private nextId = 1;
  private readonly holds: { when: (r: Received) => boolean; delayMs: number }[] = [];
  defaultDelayMs = 0;
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** The next responses, in order, instead of 200. */
  respondWith(...responses: PlannedResponse[]): void {
    this.plan.push(...responses);
  }

  /** The first request matching `when` is answered only after `delayMs` (one-shot). */
  delayWhen(when: (r: Received) => boolean, delayMs: number): void {
    this.holds.push({ when, delayMs });
  }

  /** Every call to `conversationId` from now on is answered with `status` (not part of the planned responses). */
  failConversation(conversationId: string, status: number): void {
    this.failing.set(conversationId, status);
  }

  clear(): void {
    this.received.length = 0;
  }

  /** Activities (not typing indicators) posted to a conversation. */
  messages(conversationId?: string): Received[] {
    return this.received.filter((r) => r.body?.type !== 'typing' && (!conversationId || r.conversationId === conversationId));
  }

  async waitFor(predicate: (r: Received) => boolean, timeoutMs = 5000): Promise<Received> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.received.find(predicate);
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error('FakeConnector: expected activity did not arrive');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.listeners.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = decodeURIComponent((req.url ?? '').split('?')[0]!);
    const m = /^\/v3\/conversations\/([^/]+)(?:\/activities(?:\/([^/]+))?)?/.exec(path);
    let body: Record<string, any> = {};
    try {
      body = raw ? JSON.parse(raw) : {};
    } catch {
      body = { unparsable: raw };
    }
    const record: Received = { method: req.method ?? '', path, conversationId: m?.[1] ?? '', activityId: m?.[2], body, at: Date.now() };
    this.received.push(record);
    for (const l of this.listeners.splice(0)) l();
    res.once('close', () => {
      if (!res.writableFinished) record.aborted = true;
    });

    const held = this.holds.findIndex((h) => h.when(record));
    const hold = held >= 0 ? this.holds.splice(held, 1)[0] : undefined;
    const failing = m?.[1] ? this.failing.get(m[1]) : undefined;
    const planned: PlannedResponse = hold ? { status: 200, delayMs: hold.delayMs } : failing ? { status: failing } : (this.plan.shift() ?? { status: 200 });
    const delay = planned.delayMs ?? this.defaultDelayMs;
    if (delay) await new Promise((r) => setTimeout(r, delay));
    if (record.aborted) return;
    const isCreate = req.method === 'POST' && path === '/v3/conversations';
    const payload = planned.body ?? (isCreate ? { id: `a:created-${this.nextId++}` } : { id: `reply-${this.nextId++}` });
    res.writeHead(planned.status, { 'content-type': 'application/json', ...planned.headers });
    res.end(planned.status >= 200 && planned.status < 300 ? JSON.stringify(payload) : JSON.stringify({ error: { code: 'Fake', message: 'planned failure' } }), () => {
      record.answered = true;
    });
  }
}
