// A stand-in for Entra ID in tests: an RSA key pair, its JWKS served on 127.0.0.1, and tokens shaped
// like Teams SSO access tokens (aud = the app's api:// URI, iss per tenant, tid, oid), signed locally.
import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';

export const TENANT = '11111111-2222-4333-8444-555555555555';
export const FOREIGN_TENANT = '99999999-8888-4777-8666-555555555555';
export const APP_ID = '0a1b2c3d-4e5f-4061-8728-394a5b6c7d8e';
export const APP_ID_URI = `api://localhost/${APP_ID}`;

export interface LocalIdentityProvider {
  url: string;
  jwksUrl: string;
  issuerTemplate: string;
  /** Requests the key server answered (the bot should fetch the keys, nothing else). */
  requests: string[];
  token(claims: TokenClaims, opts?: { key?: 'forged'; expiresInS?: number }): Promise<string>;
  close(): Promise<void>;
}

export interface TokenClaims {
  oid: string;
  tid?: string;
  aud?: string;
  iss?: string;
}

export async function startIdentityProvider(): Promise<LocalIdentityProvider> {
  const real = await generateKeyPair('RS256', { extractable: true });
  const forged = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(real.publicKey)), kid: 'test-key-1', alg: 'RS256', use: 'sig' };
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === '/keys') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const url = `http://127.0.0.1:${port}`;
  const issuerTemplate = `${url}/{tenantid}/v2.0`;
  const sign = (key: CryptoKey, claims: TokenClaims, expiresInS: number) => {
    const tid = claims.tid ?? TENANT;
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ tid, oid: claims.oid, scp: 'access_as_user', ver: '2.0' })
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key-1', typ: 'JWT' })
      .setIssuer(claims.iss ?? issuerTemplate.replace('{tenantid}', tid))
      .setAudience(claims.aud ?? APP_ID_URI)
      .setSubject(`sub-${claims.oid}`)
      .setIssuedAt(now - 60)
      .setNotBefore(now - 60)
      .setExpirationTime(now + expiresInS)
      .sign(key);
  };
  return {
    url,
    jwksUrl: `${url}/keys`,
    issuerTemplate,
    requests,
    token: (claims, opts = {}) => sign(opts.key === 'forged' ? forged.privateKey : real.privateKey, claims, opts.expiresInS ?? 3600),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Users of the figures tests, keyed by Entra object id (the roster id). */
export const USERS = {
  coordinator: '00000000-0000-4000-8000-00000000c001',
  kfi: '00000000-0000-4000-8000-00000000c002',
  officer: '00000000-0000-4000-8000-00000000f001',
  admin: '00000000-0000-4000-8000-00000000a001',
  staff: '00000000-0000-4000-8000-00000000e001',
} as const;

export const ROSTER = [
  { id: USERS.coordinator, role: 'coordinator', unitId: 'koordinierungsstelle' },
  { id: USERS.kfi, role: 'coordinator', unitId: 'kfi' },
  { id: USERS.officer, role: 'officer', institutionId: 'jva-koeln' },
  { id: USERS.admin, role: 'admin' },
];

/** Environment for a bot that accepts the local provider's tokens. */
export function tabEnv(idp: LocalIdentityProvider, rosterFile: string): Record<string, string> {
  return {
    TAB_APP_ID_URI: APP_ID_URI,
    TAB_JWKS_URL: idp.jwksUrl,
    TAB_TOKEN_ISSUERS: idp.issuerTemplate,
    ALLOWED_TENANTS: TENANT,
    ROSTER_FILE: rosterFile,
  };
}
