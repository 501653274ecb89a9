// HTTP surface (a public contract, see README): POST /api/messages, GET /healthz, GET /readyz.
// Hostile input gets a 4xx before the adapter sees it: a Host header that is no host (400 — restify
// would throw parsing it outside any handler and end the process), oversized (413), compressed (415),
// not JSON (415/400), not an activity (400). Slow clients are cut off by header and request timeouts.
// Turns in flight are counted so shutdown can wait for them.
import restify, { type Request, type Response, type Next, type Server } from 'restify';
import { errorFields, type Logger } from '../log/logger.js';

export const MAX_BODY_BYTES = 256 * 1024;
/** A client that has not sent its headers after this long is cut off (Node's default is 60 s). */
export const HEADERS_TIMEOUT_MS = 10_000;
/** … and one that has not sent its whole request (headers and body) after this long. */
export const REQUEST_TIMEOUT_MS = 15_000;
/** How often Node checks those two limits (default 30 s, which would let a slow client stay ~40 s). */
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

/**
 * host[:port] as RFC 9110 allows it: a DNS name or IPv4 literal, or an IPv6 literal in brackets.
 * Character classes with single quantifiers only: linear time on any input.
 */
const HOST_HEADER = /^(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?$/;

export function isValidHostHeader(host: string | undefined): boolean {
  // HTTP/1.0 clients may omit it; restify then falls back to a fixed base.
  if (host === undefined) return true;
  if (!HOST_HEADER.test(host)) return false;
  try {
    new URL(`http://${host}/`); // what restify does later (a port over 65535 fails here only)
    return true;
  } catch {
    return false;
  }
}

export interface MessageHandler {
  (req: Request, res: Response): Promise<void>;
}

export interface HttpServer {
  server: Server;
  listen(port: number, host?: string): Promise<number>;
  /** Stop accepting, wait for turns in flight (at most `graceMs`), then close all connections. Resolves true if none was cut off. */
  drain(graceMs: number): Promise<boolean>;
  readonly inFlight: number;
}

export interface HttpServerOptions {
  onMessage: MessageHandler;
  isReady: () => boolean;
  /** /readyz also asks the store engine (PostgreSQL: one round trip); unset = always ready. */
  storeReady?: () => Promise<{ ok: boolean; detail: string }>;
  log: Logger;
}

export function createHttpServer(opts: HttpServerOptions): HttpServer {
  const { log } = opts;
  const server = restify.createServer({ name: 'integrationslotse', handleUncaughtExceptions: false });
  let inFlight = 0;
  let draining = false;
  let idle: (() => void) | undefined;

  server.server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.server.requestTimeout = REQUEST_TIMEOUT_MS;
  (server.server as { connectionsCheckingInterval?: number }).connectionsCheckingInterval = TIMEOUT_CHECK_INTERVAL_MS;

  server.pre((req: Request, res: Response, next: Next) => {
    if (!isValidHostHeader(req.headers.host)) {
      res.setHeader('Connection', 'close');
      return reject(res, next, 400, 'invalid Host header');
    }
    if (draining) return reject(res, next, 503, 'shutting down');
    if (req.method !== 'POST') return next();
    const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (encoding !== 'identity') return reject(res, next, 415, 'compressed bodies are not accepted');
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > MAX_BODY_BYTES) {
      res.setHeader('Connection', 'close');
      return reject(res, next, 413, `body larger than ${MAX_BODY_BYTES} bytes`);
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') return reject(res, next, 415, 'content type must be application/json');
    return next();
  });
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false, rejectUnknown: true }));

  server.get('/healthz', (_req: Request, res: Response, next: Next) => {
    res.send(200, { status: 'ok' });
    next();
  });
  server.get('/readyz', async (_req: Request, res: Response) => {
    const store = opts.storeReady ? await opts.storeReady().catch(() => ({ ok: false, detail: 'store: check failed' })) : undefined;
    const ready = opts.isReady() && !draining && (store?.ok ?? true);
    res.send(ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', ...(store ? { store: store.detail } : {}) });
  });

  server.post('/api/messages', async (req: Request, res: Response) => {
    const body = req.body as unknown;
    if (!body || typeof body !== 'object' || Array.isArray(body) || typeof (body as { type?: unknown }).type !== 'string') {
      res.send(400, { error: 'body must be a Bot Framework activity (a JSON object with a string "type")' });
      return;
    }
    if (!opts.isReady()) {
      res.send(503, { error: 'not ready' });
      return;
    }
    inFlight++;
    try {
      await opts.onMessage(req, res);
    } catch (err) {
      log.error('http.messageFailed', errorFields(err));
      if (!res.headersSent) res.send(500, { error: 'internal error' });
    } finally {
      inFlight--;
      if (inFlight === 0) idle?.();
    }
  });

  // Errors from restify itself (bad JSON, too large) go out with a stable body, never a stack trace.
  server.on('restifyError', (_req: Request, res: Response, err: { statusCode?: number }, cb: () => void) => {
    const status = err.statusCode ?? 500;
    (err as { toJSON?: () => unknown }).toJSON = () => ({ error: status === 400 ? 'malformed JSON' : status === 413 ? 'body too large' : 'request refused' });
    cb();
  });

  return {
    server,
    get inFlight() {
      return inFlight;
    },
    listen: (port, host = '0.0.0.0') =>
      new Promise((resolve, reject) => {
        server.server.once('error', reject);
        server.listen(port, host, () => resolve((server.address() as { port: number }).port));
      }),
    async drain(graceMs) {
      draining = true;
      server.server.close();
      server.server.closeIdleConnections();
      const finished = inFlight === 0 || (await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), graceMs);
        idle = () => {
          clearTimeout(timer);
          resolve(true);
        };
      }));
      server.server.closeAllConnections();
      return finished;
    },
  };
}

function reject(res: Response, next: Next, status: number, error: string): void {
  res.send(status, { error });
  next(false);
}
