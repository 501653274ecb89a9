// Tab token checks without a server: the development sign-in never works in production, tokens are
// refused by shape before any key is fetched, and the tab's configuration is validated.
import { expect } from 'chai';
import { loadConfig } from '../src/config/env.js';
import { TokenVerifier } from '../src/tab/tokens.js';

const tab = { appIdUri: undefined, jwksUrl: 'http://127.0.0.1:9/keys', issuers: ['http://127.0.0.1:9/{tenantid}/v2.0'] };

describe('figures tab tokens and configuration', () => {
  it('accepts development tokens only where the development sign-in is on', async () => {
    const dev = new TokenVerifier({ tab, allowedTenants: [], devSignIn: true });
    const prod = new TokenVerifier({ tab, allowedTenants: [], devSignIn: false });
    const token = await dev.issueDevToken('demo-coordinator');
    expect(await dev.verify(token)).to.deep.equal({ ok: true, userKey: 'demo-coordinator' });
    expect(await prod.verify(token)).to.deep.equal({ ok: false, reason: 'invalid' });
    let refused = false;
    await prod.issueDevToken('demo-admin').catch(() => (refused = true));
    expect(refused).to.equal(true);
    // Another process's development key does not fit either.
    expect((await new TokenVerifier({ tab, allowedTenants: [], devSignIn: true }).verify(token)).ok).to.equal(false);
  });

  it('refuses missing, malformed and oversized tokens by their shape, and says when SSO is not configured', async () => {
    const v = new TokenVerifier({ tab, allowedTenants: [], devSignIn: true });
    expect(await v.verify(undefined)).to.deep.equal({ ok: false, reason: 'missing' });
    expect(await v.verify('a.b')).to.deep.equal({ ok: false, reason: 'malformed' });
    expect(await v.verify(`${'a'.repeat(9000)}.b.c`)).to.deep.equal({ ok: false, reason: 'malformed' });
    expect(await v.verify('eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln')).to.deep.equal({ ok: false, reason: 'notConfigured' });
    expect(TokenVerifier.bearer('Bearer abc.def.ghi')).to.equal('abc.def.ghi');
    expect(TokenVerifier.bearer('Basic abc')).to.equal(undefined);
    expect(TokenVerifier.bearer(['Bearer x'])).to.equal(undefined);
  });

  it('tells an unreachable key set (503) apart from a bad token (401)', async () => {
    const v = new TokenVerifier({ tab: { ...tab, appIdUri: 'api://bot.example.org/app' }, allowedTenants: [], devSignIn: false });
    expect(await v.verify('eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJpc3MiOiJ4In0.c2ln')).to.deep.equal({ ok: false, reason: 'unavailable' });
  });

  it('validates the tab variables, and wants https in production', () => {
    const c = loadConfig({ TAB_APP_ID_URI: 'api://bot.example.org/0a1b2c3d-4e5f-4061-8728-394a5b6c7d8e' }, '/');
    expect(c.tab).to.deep.equal({
      appIdUri: 'api://bot.example.org/0a1b2c3d-4e5f-4061-8728-394a5b6c7d8e',
      jwksUrl: 'https://login.microsoftonline.com/common/discovery/v2.0/keys',
      issuers: ['https://login.microsoftonline.com/{tenantid}/v2.0', 'https://sts.windows.net/{tenantid}/'],
    });
    expect(() => loadConfig({ TAB_APP_ID_URI: 'https://bot.example.org' }, '/')).to.throw(/TAB_APP_ID_URI/);
    expect(() => loadConfig({ TAB_TOKEN_ISSUERS: 'https://login.example.org/v2.0' }, '/')).to.throw(/TAB_TOKEN_ISSUERS/);
    const prod = { NODE_ENV: 'production', MicrosoftAppId: 'x', MicrosoftAppPassword: 'y', ALLOWED_TENANTS: '11111111-2222-4333-8444-555555555555' };
    expect(() => loadConfig({ ...prod, TAB_JWKS_URL: 'http://127.0.0.1:9/keys' }, '/')).to.throw(/TAB_JWKS_URL: must be https in production/);
  });
});
