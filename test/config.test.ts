import { expect } from 'chai';
import { ConfigError, loadConfig } from '../src/config/env.js';

const GUID = '11111111-2222-3333-4444-555555555555';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env, '/srv/bot');
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  return [];
}

describe('configuration', () => {
  it('runs on embedded defaults', () => {
    const c = loadConfig({}, '/srv/bot');
    expect(c).to.include({ env: 'development', port: 3978, dataDir: '/srv/bot/var', logLevel: 'info', timeZone: 'Europe/Berlin' });
    expect(c.allowedTenants).to.deep.equal([]);
    expect(c.language).to.equal(undefined);
  });

  it('names every bad variable at once', () => {
    const p = problems({ PORT: '99999', LOG_LEVEL: 'loud', TZ: 'Mars/Olympus', ALLOWED_TENANTS: `${GUID},nope`, LANGUAGE_ENDPOINT: 'ftp://x' });
    const names = p.map((x) => x.split(':')[0]);
    expect(names).to.include.members(['PORT', 'LOG_LEVEL', 'TZ', 'ALLOWED_TENANTS', 'LANGUAGE_ENDPOINT']);
  });

  it('never echoes values (they may be secrets)', () => {
    const p = problems({ NODE_ENV: 'production', MicrosoftAppId: 'app', LANGUAGE_KEY: 'super-secret-key' });
    expect(p.join('\n')).not.to.contain('super-secret-key');
  });

  it('refuses production without app id, credential and tenant allow-list', () => {
    const names = problems({ NODE_ENV: 'production' }).map((x) => x.split(':')[0]);
    expect(names).to.include.members(['MicrosoftAppId', 'MicrosoftAppPassword', 'ALLOWED_TENANTS']);
    const ok = loadConfig({ NODE_ENV: 'production', MicrosoftAppId: 'a', MicrosoftAppPassword: 'b', ALLOWED_TENANTS: GUID, STORE_ENCRYPTION: 'off' }, '/');
    expect(ok.allowedTenants).to.deep.equal([GUID]);
  });

  it('needs LANGUAGE_ENDPOINT and LANGUAGE_KEY together, and a tenant for SingleTenant', () => {
    expect(problems({ LANGUAGE_KEY: 'k' })[0]).to.match(/^LANGUAGE_ENDPOINT/);
    expect(problems({ MicrosoftAppType: 'SingleTenant', MicrosoftAppId: 'a' })[0]).to.match(/^MicrosoftAppTenantId/);
    const c = loadConfig({ LANGUAGE_ENDPOINT: 'http://127.0.0.1:9/', LANGUAGE_KEY: 'k' }, '/');
    expect(c.language).to.deep.equal({ endpoint: 'http://127.0.0.1:9/', key: 'k' });
  });

  it('pins the Bot Connector hosts proactive messages may go to (SERVICE_URL_HOSTS)', () => {
    const prod = { NODE_ENV: 'production', MicrosoftAppId: 'a', MicrosoftAppPassword: 'b', ALLOWED_TENANTS: GUID, STORE_ENCRYPTION: 'off' };
    expect(loadConfig(prod, '/').serviceUrlHosts).to.deep.equal(['smba.trafficmanager.net']);
    expect(loadConfig({}, '/').serviceUrlHosts).to.deep.equal(['smba.trafficmanager.net', 'localhost', '127.0.0.1', '[::1]']);
    const own = loadConfig({ ...prod, SERVICE_URL_HOSTS: ' SMBA.trafficmanager.net, smba.infra.gcc.teams.microsoft.com ' }, '/');
    expect(own.serviceUrlHosts).to.deep.equal(['smba.trafficmanager.net', 'smba.infra.gcc.teams.microsoft.com']);
    for (const bad of ['*.trafficmanager.net', 'https://smba.trafficmanager.net/', 'smba.trafficmanager.net:443', 'a b']) {
      expect(problems({ SERVICE_URL_HOSTS: bad })[0], bad).to.match(/^SERVICE_URL_HOSTS/);
    }
  });

  it('chooses the store engine: PostgreSQL needs a URL, the JSON files refuse one, pool and lease are bounded', () => {
    expect(loadConfig({}, '/').store).to.deep.equal({ engine: 'lowdb' });
    const url = 'postgres://lotse@db.example.org:5432/lotse?sslmode=verify-full';
    expect(loadConfig({ STORE: 'postgres', DATABASE_URL: url }, '/').store).to.deep.equal({ engine: 'postgres', url, poolMax: 10, outboxLeaseMs: 90_000 });
    expect(problems({ STORE: 'postgres' }).map((x) => x.split(':')[0])).to.deep.equal(['DATABASE_URL']);
    expect(problems({ DATABASE_URL: url }).map((x) => x.split(':')[0])).to.deep.equal(['STORE']);
    expect(problems({ STORE: 'mysql' })[0]).to.match(/^STORE/);
    expect(problems({ STORE: 'postgres', DATABASE_URL: 'mysql://x' })[0]).to.match(/^DATABASE_URL/);
    for (const [name, bad] of [['DATABASE_POOL_MAX', '0'], ['DATABASE_POOL_MAX', '101'], ['DATABASE_POOL_MAX', '1e2'], ['OUTBOX_LEASE_SECONDS', '3'], ['OUTBOX_LEASE_SECONDS', '-5'], ['OUTBOX_LEASE_SECONDS', '3601']]) {
      expect(problems({ STORE: 'postgres', DATABASE_URL: url, [name!]: bad! })[0], `${name}=${bad}`).to.match(new RegExp(`^${name}: must be a whole number`));
    }
    // Production with PostgreSQL: encryption at rest is the database's; STORE_KEY_FILE is not required.
    const prod = { NODE_ENV: 'production', MicrosoftAppId: 'a', MicrosoftAppPassword: 'b', ALLOWED_TENANTS: GUID, STORE: 'postgres', DATABASE_URL: url };
    expect(problems(prod)).to.deep.equal([]);
  });
});
