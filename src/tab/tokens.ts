// Who is calling the figures tab: a Teams SSO token (getAuthToken) validated against the tenant's
// signing keys (JWKS), the app's audience, a Microsoft issuer for the token's own tenant, expiry, and
// the tenant allow-list — or, outside production, a token from the development sign-in. The token
// names a user (oid); the role comes from server-side state, never from the token.
import { randomBytes } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { TabAuthConfig } from '../config/env.js';

export type TokenResult = { ok: true; userKey: string; tenantId?: string } | { ok: false; reason: TokenRefusal };
/** `unavailable`: the key set could not be fetched (not the caller's fault: 503). */
export type TokenRefusal = 'missing' | 'malformed' | 'expired' | 'invalid' | 'tenant' | 'notConfigured' | 'unavailable';

const DEV_ISSUER = 'urn:integrationslotse:dev-signin';
const DEV_AUDIENCE = 'urn:integrationslotse:figures-tab';
const DEV_TOKEN_HOURS = 8;
/** A JWT is three base64url parts; anything longer than this is not a token we issue or accept. */
const MAX_TOKEN_LENGTH = 8192;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const CLOCK_TOLERANCE_S = 60;

export interface TokenVerifierOptions {
  tab: TabAuthConfig;
  /** The bot's Entra app id: v2.0 tokens carry it as audience. */
  appId?: string;
  allowedTenants: readonly string[];
  /** Development sign-in (never in production). */
  devSignIn: boolean;
  now?: () => Date;
}

export class TokenVerifier {
  private readonly jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
  private readonly devKey = new Uint8Array(randomBytes(32));

  constructor(private readonly opts: TokenVerifierOptions) {
    this.jwks = opts.tab.appIdUri ? createRemoteJWKSet(new URL(opts.tab.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000 }) : undefined;
  }

  get devSignInEnabled(): boolean {
    return this.opts.devSignIn;
  }

  /** The bearer token from an Authorization header value. */
  static bearer(header: unknown): string | undefined {
    if (typeof header !== 'string') return undefined;
    const m = /^Bearer ([^\s]+)$/.exec(header.trim());
    return m?.[1];
  }

  async verify(token: string | undefined): Promise<TokenResult> {
    if (!token) return { ok: false, reason: 'missing' };
    if (token.length > MAX_TOKEN_LENGTH || !JWT_SHAPE.test(token)) return { ok: false, reason: 'malformed' };
    let issuer: unknown;
    try {
      issuer = decodeJwt(token).iss;
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    if (issuer === DEV_ISSUER) return this.opts.devSignIn ? this.verifyDev(token) : { ok: false, reason: 'invalid' };
    return this.verifyEntra(token);
  }

  /** A development token for `userKey` (the roster id to act as); throws when the sign-in is off. */
  async issueDevToken(userKey: string): Promise<string> {
    if (!this.opts.devSignIn) throw new Error('development sign-in is off');
    return new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setSubject(userKey)
      .setIssuedAt(this.nowSeconds())
      .setExpirationTime(this.nowSeconds() + DEV_TOKEN_HOURS * 3600)
      .sign(this.devKey);
  }

  private async verifyDev(token: string): Promise<TokenResult> {
    try {
      const { payload } = await jwtVerify(token, this.devKey, { issuer: DEV_ISSUER, audience: DEV_AUDIENCE, algorithms: ['HS256'], currentDate: this.now() });
      return typeof payload.sub === 'string' && payload.sub ? { ok: true, userKey: payload.sub } : { ok: false, reason: 'invalid' };
    } catch (err) {
      return { ok: false, reason: refusalOf(err) };
    }
  }

  private async verifyEntra(token: string): Promise<TokenResult> {
    const { tab, appId, allowedTenants } = this.opts;
    if (!this.jwks || !tab.appIdUri) return { ok: false, reason: 'notConfigured' };
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.jwks, {
        audience: [tab.appIdUri, ...(appId ? [appId] : [])],
        algorithms: ['RS256'],
        clockTolerance: CLOCK_TOLERANCE_S,
        requiredClaims: ['exp', 'iss', 'tid', 'oid'],
        currentDate: this.now(),
      }));
    } catch (err) {
      return { ok: false, reason: refusalOf(err) };
    }
    const tid = typeof payload.tid === 'string' ? payload.tid.toLowerCase() : '';
    const oid = typeof payload.oid === 'string' ? payload.oid : '';
    // The issuer must be Microsoft's for the token's own tenant (multi-tenant key sets sign for every tenant).
    if (!tid || !oid || !tab.issuers.some((t) => t.replace('{tenantid}', tid) === payload.iss)) return { ok: false, reason: 'invalid' };
    if (allowedTenants.length > 0 && !allowedTenants.some((t) => t.toLowerCase() === tid)) return { ok: false, reason: 'tenant' };
    return { ok: true, userKey: oid, tenantId: tid };
  }

  private now(): Date {
    return this.opts.now?.() ?? new Date();
  }

  private nowSeconds(): number {
    return Math.floor(this.now().getTime() / 1000);
  }
}

function refusalOf(err: unknown): TokenRefusal {
  if (err instanceof errors.JWTExpired) return 'expired';
  if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid) return 'malformed';
  if (err instanceof errors.JWKSTimeout || err instanceof TypeError || (err as { code?: string }).code === 'ERR_JOSE_GENERIC') return 'unavailable';
  return 'invalid';
}
