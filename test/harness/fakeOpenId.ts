// A local OpenID metadata endpoint with one RSA signing key, and a signer for Bot Connector–style
// tokens: lets the tests drive botbuilder's real JWT validation without leaving 127.0.0.1.
import { createServer, type Server } from 'node:http';
import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';

export interface TokenClaims {
  [claim: string]: unknown;
}

export class FakeOpenId {
  private server?: Server;
  readonly kid = randomUUID();
  private readonly privateKey: KeyObject;
  private readonly publicJwk: Record<string, unknown>;
  url = '';

  constructor(private readonly endorsements: string[] = ['msteams']) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = privateKey;
    this.publicJwk = publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/openid') return void res.end(JSON.stringify({ issuer: 'https://api.botframework.com', jwks_uri: `${this.url}/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
      if (req.url === '/keys') return void res.end(JSON.stringify({ keys: [{ ...this.publicJwk, kid: this.kid, use: 'sig', kty: 'RSA', endorsements: this.endorsements }] }));
      res.statusCode = 404;
      res.end('{}');
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as { port: number }).port}`;
  }

  get metadataUrl(): string {
    return `${this.url}/openid`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** An RS256 token; `key` 'other' signs with a key the metadata does not list. */
  sign(claims: TokenClaims, opts: { kid?: string; key?: 'own' | 'other' } = {}): string {
    const header = { alg: 'RS256', typ: 'JWT', kid: opts.kid ?? this.kid };
    const now = Math.floor(Date.now() / 1000);
    const body = { iat: now, nbf: now - 60, exp: now + 3600, ...claims };
    const input = `${b64(JSON.stringify(header))}.${b64(JSON.stringify(body))}`;
    const key = opts.key === 'other' ? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey : this.privateKey;
    const signature = createSign('RSA-SHA256').update(input).sign(key).toString('base64url');
    return `${input}.${signature}`;
  }
}

function b64(text: string): string {
  return Buffer.from(text).toString('base64url');
}
