// The figures API and tab routes on the real server process: Teams SSO tokens checked against a
// local key server (signature, audience, issuer, expiry, tenant), roles from the roster, refusals,
// exports with period and generation date, audit, a flood of 10 000 requests that stays bounded.
import { expect } from 'chai';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startBot, tempDir, type BotProcess } from './harness/botProcess.js';
import { DASHBOARD_SEED, seedStores } from './harness/figuresSeed.js';
import { FOREIGN_TENANT, ROSTER, USERS, startIdentityProvider, tabEnv, type LocalIdentityProvider } from './harness/tabTokens.js';

const YEAR = 'from=2026-01-01&to=2026-11-30';

describe('figures API and tab (real server, local identity provider)', function () {
  this.timeout(120_000);
  let idp: LocalIdentityProvider;
  let bot: BotProcess;

  before(async () => {
    idp = await startIdentityProvider();
    const dataDir = tempDir('lotse-figapi-');
    await seedStores(dataDir, DASHBOARD_SEED);
    const roster = path.join(dataDir, 'roster.json');
    await writeFile(roster, JSON.stringify(ROSTER));
    bot = await startBot(tabEnv(idp, roster), dataDir);
  });
  after(async () => {
    await bot?.stop();
    await idp?.close();
  });

  const get = (p: string, token?: string) => fetch(`${bot.url}${p}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });

  it('answers a coordinator\'s Teams token with the unit\'s figures, small counts withheld', async () => {
    const res = await get(`/api/figures?${YEAR}`, await idp.token({ oid: USERS.coordinator }));
    expect(res.status).to.equal(200);
    expect(res.headers.get('cache-control')).to.equal('no-store');
    const body = (await res.json()) as any;
    expect(body.role).to.equal('coordinator');
    expect(body.report.scope).to.deep.equal({ kind: 'unit', unitId: 'koordinierungsstelle' });
    expect(body.report.keyFigures.interpreterRequests.count).to.equal(299);
    expect(body.report.keyFigures.escalations.count).to.equal(44);
    const byPlace = body.report.tables.find((t: { id: string }) => t.id === 'interpreters.languageByInstitution');
    expect(byPlace.cols).to.deep.equal(['jva-koeln', 'jva-werl']);
    const ka = byPlace.rows.indexOf('ka');
    expect(byPlace.rowTotals[ka].count).to.equal(null);
    expect(body.labels.values.language.ar).to.equal('Arabisch');
    expect(body.choices[0]).to.deep.equal({ value: 'unit:koordinierungsstelle', label: 'Koordinierungsstelle Integration (Fachbereich Sozialdienst im Justizvollzug)' });
  });

  it('refuses a missing, malformed, forged, expired, foreign-tenant, wrong-audience or wrong-issuer token with 401', async () => {
    const cases: [string, string | undefined][] = [
      ['none', undefined],
      ['malformed', 'not-a-token'],
      ['forged', await idp.token({ oid: USERS.admin }, { key: 'forged' })],
      ['expired', await idp.token({ oid: USERS.admin }, { expiresInS: -120 })],
      ['foreign tenant', await idp.token({ oid: USERS.admin, tid: FOREIGN_TENANT })],
      ['wrong audience', await idp.token({ oid: USERS.admin, aud: 'api://elsewhere.example.org/app' })],
      ['issuer of another tenant', await idp.token({ oid: USERS.admin, iss: idp.issuerTemplate.replace('{tenantid}', FOREIGN_TENANT) })],
    ];
    for (const [name, token] of cases) {
      const res = await get(`/api/figures?${YEAR}`, token);
      expect(res.status, name).to.equal(401);
      expect(res.headers.get('www-authenticate'), name).to.equal('Bearer');
      const body = (await res.json()) as any;
      expect(body, name).to.not.have.property('report');
    }
    const raw = await fetch(`${bot.url}/api/figures?${YEAR}`, { headers: { Authorization: 'Basic abc' } });
    expect(raw.status).to.equal(401);
  });

  it('gives staff 403, a scope outside one\'s own 403, and bad periods or scopes 400 with the reason', async () => {
    expect((await get(`/api/figures?${YEAR}`, await idp.token({ oid: USERS.staff }))).status).to.equal(403);
    const officer = await idp.token({ oid: USERS.officer });
    expect((await get(`/api/figures?${YEAR}&scope=institution:jva-werl`, officer)).status).to.equal(403);
    const checks: [string, string][] = [
      ['from=2026-05-01&to=2026-04-01', 'reversed'],
      ['from=2099-01-01&to=2099-02-01', 'future'],
      ['from=yesterday&to=2026-04-01', 'badDate'],
      [`${YEAR}&scope=unit:nirgendwo`, 'unknownScope'],
    ];
    for (const [q, problem] of checks) {
      const res = await get(`/api/figures?${q}`, officer);
      expect(res.status, q).to.equal(400);
      expect(((await res.json()) as any).problem, q).to.equal(problem);
    }
  });

  it('exports csv, json and xlsx with period, scope and generation date, suppression applied, and audits who exported what', async () => {
    const token = await idp.token({ oid: USERS.coordinator });
    const csv = await get(`/api/figures/export?${YEAR}&format=csv`, token);
    expect(csv.status).to.equal(200);
    expect(csv.headers.get('content-disposition')).to.equal('attachment; filename="kennzahlen-koordinierungsstelle-2026-01-01-2026-11-30.csv"');
    const text = await csv.text();
    expect(text).to.match(/^\uFEFF?Zeitraum;01\.01\.2026 – 30\.11\.2026;2026-01-01;2026-11-30/);
    expect(text).to.include('Bereich;Koordinierungsstelle Integration (Fachbereich Sozialdienst im Justizvollzug)');
    expect(text).to.match(/Erstellt am;\d{4}-\d{2}-\d{2}T/);
    expect(text).to.include('Dolmetscheranfragen nach Sprache und Einrichtung;Georgisch;Summe;< 5');
    const json = (await (await get(`/api/figures/export?${YEAR}&format=json&lang=en`, token)).json()) as any;
    expect(json.period).to.deep.equal({ from: '2026-01-01', to: '2026-11-30' });
    expect(json.scopeLabel).to.equal('Koordinierungsstelle Integration (Fachbereich Sozialdienst im Justizvollzug)');
    expect(json.generatedAt).to.match(/^\d{4}-\d{2}-\d{2}T/);
    const xlsx = await get(`/api/figures/export?${YEAR}&format=xlsx`, token);
    const bytes = Buffer.from(await xlsx.arrayBuffer());
    expect(bytes.subarray(0, 2).toString()).to.equal('PK');
    expect((await get(`/api/figures/export?${YEAR}&format=pdf`, token)).status).to.equal(400);
    expect((await get(`/api/figures/export?${YEAR}&format=csv`, await idp.token({ oid: USERS.coordinator }, { expiresInS: -120 }))).status).to.equal(401);
    const audit = (await readFile(path.join(bot.dataDir, 'audit.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    const exports = audit.filter((e) => e.action === 'figures.export' && e.outcome === 'ok');
    expect(exports.map((e) => [e.actor, e.record])).to.deep.include([USERS.coordinator, 'unit:koordinierungsstelle@2026-01-01..2026-11-30']);
    expect(audit.some((e) => e.action === 'figures.signin' && e.outcome === 'denied' && e.record === 'expired')).to.equal(true);
  });

  it('serves the page and the bundled libraries from itself, nothing else from /tab', async () => {
    const page = await fetch(`${bot.url}/tab/`);
    expect(page.status).to.equal(200);
    expect(page.headers.get('content-security-policy')).to.include("default-src 'self'");
    expect(await page.text()).to.include('/tab/vendor/chart.umd.min.js');
    const chart = await fetch(`${bot.url}/tab/vendor/chart.umd.min.js`);
    expect(chart.status).to.equal(200);
    expect((await chart.text()).length).to.be.greaterThan(100_000);
    expect((await fetch(`${bot.url}/tab/vendor/teams-js.min.js`)).status).to.equal(200);
    for (const p of ['/tab/..%2Fpackage.json', '/tab/vendor/..%2F..%2Fpackage.json', '/tab/secret.txt']) {
      expect((await fetch(`${bot.url}${p}`)).status, p).to.equal(404);
    }
    const strings = (await (await fetch(`${bot.url}/tab/strings?lang=en`)).json()) as any;
    expect(strings.strings['tab.title']).to.equal('Integrationslotse – Figures');
  });

  it('issues development tokens outside production; the role still comes from the roster', async () => {
    expect(await (await fetch(`${bot.url}/tab/config`)).json()).to.deep.equal({ devSignIn: true });
    const signin = await fetch(`${bot.url}/tab/dev-signin`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ userKey: USERS.officer }) });
    const { token } = (await signin.json()) as { token: string };
    const body = (await (await get(`/api/figures?${YEAR}`, token)).json()) as any;
    expect(body.report.scope).to.deep.equal({ kind: 'institution', institutionId: 'jva-koeln' });
    const bad = await fetch(`${bot.url}/tab/dev-signin`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ userKey: 'two words' }) });
    expect(bad.status).to.equal(400);
  });

  it('stays bounded under 10 000 concurrent figure requests: each gets 200 or 503, and the bot keeps serving', async () => {
    const signin = await fetch(`${bot.url}/tab/dev-signin`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ userKey: USERS.admin }) });
    const { token } = (await signin.json()) as { token: string };
    const statuses = new Map<number | string, number>();
    const one = async () => {
      try {
        const res = await get(`/api/figures?${YEAR}`, token);
        await res.arrayBuffer();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      } catch (err) {
        const code = String((err as { cause?: { code?: string } }).cause?.code ?? 'error');
        statuses.set(code, (statuses.get(code) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: 10_000 }, one));
    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    expect(total).to.equal(10_000);
    expect(statuses.get(200) ?? 0, JSON.stringify([...statuses])).to.be.greaterThan(0);
    for (const key of statuses.keys()) expect([200, 503], JSON.stringify([...statuses])).to.include(key);
    expect((await fetch(`${bot.url}/healthz`)).status).to.equal(200);
    const after = await get(`/api/figures?${YEAR}`, token);
    expect(after.status).to.equal(200);
    // The key server was asked for its keys only.
    expect(new Set(idp.requests)).to.deep.equal(new Set(['/keys']));
  });
});
