// PGlite is one PostgreSQL session; pglite-socket multiplexes connections onto it message by message and
// keeps only open transactions together. Between a Parse and its Bind (the extended protocol every
// parameterised query uses) another connection's Parse can replace the unnamed statement — "prepared
// statement does not exist" (26000) as soon as two bot processes write at once. This gate in front of it
// lets one connection at a time talk to PGlite, from a request up to the ReadyForQuery that says the
// session is idle again (so a whole transaction stays together), as a real server's sessions would.
import net from 'node:net';

/** Client→server messages after which the client waits for the server's ReadyForQuery. */
const ENDS_REQUEST = new Set(['S', 'Q']); // Sync (extended protocol), Query (simple protocol)

export class PgliteGate {
  private server: net.Server | undefined;
  private holder: net.Socket | undefined;
  private readonly waiting: (() => void)[] = [];
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(private readonly upstreamPort: number) {}

  async start(): Promise<this> {
    this.server = net.createServer((client) => this.serve(client));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private acquire(client: net.Socket): Promise<void> {
    if (this.holder === client) return Promise.resolve();
    if (!this.holder) {
      this.holder = client;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(() => { this.holder = client; resolve(); }));
  }

  private release(client: net.Socket): void {
    if (this.holder !== client) return;
    this.holder = undefined;
    this.waiting.shift()?.();
  }

  private serve(client: net.Socket): void {
    const upstream = net.connect(this.upstreamPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    }
    let fromClient = Buffer.alloc(0);
    let fromServer = Buffer.alloc(0);
    let started = false; // the startup message has no type byte
    let sending = Promise.resolve();
    const close = () => {
      this.release(client);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);

    client.on('data', (chunk: Buffer) => {
      fromClient = Buffer.concat([fromClient, chunk]);
      // Cut the buffer into requests: everything up to and including a Sync or Query (or the startup message).
      for (;;) {
        let end = -1;
        let at = 0;
        let lastType = '';
        while (at < fromClient.length) {
          if (!started) {
            if (fromClient.length < 4) break;
            const len = fromClient.readInt32BE(0);
            if (fromClient.length < len) break;
            started = true;
            end = at = len;
            break;
          }
          if (fromClient.length < at + 5) break;
          const len = 1 + fromClient.readInt32BE(at + 1);
          if (fromClient.length < at + len) break;
          const type = String.fromCharCode(fromClient[at]!);
          at += len;
          lastType = type;
          if (ENDS_REQUEST.has(type) || type === 'X') {
            end = at;
            break;
          }
        }
        if (end < 0) return;
        const request = fromClient.subarray(0, end);
        fromClient = fromClient.subarray(end);
        const terminate = lastType === 'X'; // no answer comes: nothing to hold the gate for
        sending = sending.then(async () => {
          if (!terminate) await this.acquire(client);
          upstream.write(request);
        });
      }
    });

    upstream.on('data', (chunk: Buffer) => {
      client.write(chunk);
      fromServer = Buffer.concat([fromServer, chunk]);
      while (fromServer.length >= 5) {
        const len = 1 + fromServer.readInt32BE(1);
        if (fromServer.length < len) break;
        // ReadyForQuery with status 'I': the session is idle, no transaction open — the next connection may speak.
        if (fromServer[0] === 'Z'.charCodeAt(0) && fromServer[5] === 'I'.charCodeAt(0)) this.release(client);
        fromServer = fromServer.subarray(len);
      }
    });
  }
}
