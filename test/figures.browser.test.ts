// The figures tab in a real browser (headless Chromium): sign-in, charts with the seeded store's
// numbers, filters that change them, nothing rendered for a forged, expired or foreign-tenant token,
// keyboard use, English, no request leaving 127.0.0.1, and a screenshot of the dashboard.
import { expect } from 'chai';
import { mkdirSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT, startBot, tempDir, type BotProcess } from './harness/botProcess.js';
import { launchBrowser, type Browser } from './harness/browser.js';
import { DASHBOARD_SEED, seedStores } from './harness/figuresSeed.js';
import { FOREIGN_TENANT, ROSTER, USERS, startIdentityProvider, tabEnv, type LocalIdentityProvider } from './harness/tabTokens.js';

// Browser globals inside page.evaluate callbacks (the project compiles without the DOM library).
declare const document: { getElementById(id: string): { textContent: string | null } | null; activeElement: { id: string } | null; querySelector(s: string): unknown };
declare const sessionStorage: { setItem(k: string, v: string): void };
declare const Chart: { getChart(id: string): { data: { labels: string[]; datasets: { label: string; data: (number | null)[] }[] } } };

describe('figures tab in headless Chromium', function () {
  this.timeout(180_000);
  let idp: LocalIdentityProvider;
  let bot: BotProcess;
  let browser: Browser;

  before(async () => {
    idp = await startIdentityProvider();
    const dataDir = tempDir('lotse-figbrowser-');
    await seedStores(dataDir, DASHBOARD_SEED);
    const roster = path.join(dataDir, 'roster.json');
    await writeFile(roster, JSON.stringify(ROSTER));
    bot = await startBot(tabEnv(idp, roster), dataDir);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await bot?.stop();
    await idp?.close();
  });

  async function openSignedIn(userKey: string, lang = 'de'): Promise<Page> {
    const page = await browser.context.newPage();
    await page.goto(`${bot.url}/tab/?lang=${lang}`);
    await page.fill('#signin-user', userKey);
    await page.click('#signin-submit');
    await page.waitForSelector('[data-table="interpreters.languageByInstitution"] canvas');
    await setPeriod(page, '2026-01-01', '2026-11-30');
    return page;
  }

  async function setPeriod(page: Page, from: string, to: string): Promise<void> {
    await page.fill('#from', from);
    await page.fill('#to', to);
    await apply(page);
  }

  /** Presses "Anzeigen" and waits until the answer is drawn. */
  async function apply(page: Page, press: () => Promise<void> = () => page.click('#apply')): Promise<void> {
    const answered = page.waitForResponse((r) => r.url().includes('/api/figures?'));
    await press();
    await answered;
    await page.waitForFunction(() => document.getElementById('status')?.textContent === '');
  }

  async function openWithToken(token: string): Promise<Page> {
    const page = await browser.context.newPage();
    await page.addInitScript((t) => sessionStorage.setItem('figures.token', t), token);
    await page.goto(`${bot.url}/tab/`);
    await page.waitForFunction(() => (document.getElementById('status')?.textContent ?? '') !== '' || document.querySelector('canvas') !== null);
    await page.waitForFunction(() => !document.getElementById('status')?.textContent?.includes('geladen'));
    return page;
  }

  const chartData = (page: Page, tableIndex: number) =>
    page.evaluate((i) => {
      const chart = Chart.getChart(`chart-${i}`);
      return { labels: chart.data.labels, datasets: chart.data.datasets.map((d) => ({ label: d.label, data: d.data })) };
    }, tableIndex);

  const cellText = (page: Page, table: string, row: string, col: string) => page.textContent(`[data-table="${table}"] td[data-row="${row}"][data-col="${col}"]`);

  it('shows a coordinator the unit\'s charts with the seeded numbers, Georgian withheld', async () => {
    const page = await openSignedIn('00000000-0000-4000-8000-00000000c001');
    expect(await page.textContent('[data-key="interpreterRequests"] dd')).to.equal('299');
    expect(await page.textContent('[data-key="escalations"] dd')).to.equal('44');
    // Chart 1: interpreter requests by language (x) and institution (stacked).
    const byPlace = await chartData(page, 1);
    expect(byPlace.labels).to.deep.equal(['Arabisch', 'Georgisch', 'Polnisch', 'Russisch', 'Türkisch']);
    expect(byPlace.datasets.map((d) => d.label)).to.deep.equal(['JVA Köln', 'JVA Werl']);
    // Köln: Georgian 3 is withheld, and beside it Russian 36 (column sum); that spreads along the rows.
    expect(byPlace.datasets[0]!.data).to.deep.equal([null, null, 0, null, 60]);
    expect(await cellText(page, 'interpreters.languageByInstitution', 'ka', '*')).to.equal('< 5');
    expect(await cellText(page, 'interpreters.languageByInstitution', 'ar', '*')).to.equal('128');
    expect(await cellText(page, 'interpreters.languageByInstitution', '*', 'jva-koeln')).to.equal('195');
    // Every chart shows exactly the numbers of the API's answer for the same request.
    const { token } = (await (await fetch(`${bot.url}/tab/dev-signin`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ userKey: USERS.coordinator }) })).json()) as { token: string };
    const api = (await (await fetch(`${bot.url}/api/figures?from=2026-01-01&to=2026-11-30`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { report: { tables: { colDim: string; rows: string[]; cols: string[]; cells: { count: number | null }[][] }[] } };
    for (const [i, table] of api.report.tables.entries()) {
      const drawn = await chartData(page, i);
      const byCols = table.colDim === 'month';
      const expected = (byCols ? table.rows : table.cols).map((_s, si) => (byCols ? table.cols : table.rows).map((_x, xi) => (byCols ? table.cells[si]![xi]! : table.cells[xi]![si]!).count));
      expect(drawn.datasets.map((d) => d.data), `chart ${i}`).to.deep.equal(expected);
    }
    expect(await page.getAttribute('#chart-1', 'aria-label')).to.include('Dolmetscheranfragen nach Sprache und Einrichtung');
    expect(await page.textContent('.legend')).to.include('< 5');
    await page.close();
  });

  it('changes the numbers when the period or the scope changes', async () => {
    const page = await openSignedIn('00000000-0000-4000-8000-00000000c001');
    const q1 = DASHBOARD_SEED.interpreters!.filter((r) => r.start < '2026-07-01' && r.institutionId.startsWith('jva-')).length;
    await setPeriod(page, '2026-01-01', '2026-06-30');
    expect(await page.textContent('[data-key="interpreterRequests"] dd')).to.equal(String(q1));
    await page.selectOption('#scope', 'institution:jva-werl');
    await apply(page);
    const werlQ1 = DASHBOARD_SEED.interpreters!.filter((r) => r.start < '2026-07-01' && r.institutionId === 'jva-werl').length;
    expect(await page.textContent('[data-key="interpreterRequests"] dd')).to.equal(String(werlQ1));
    expect((await chartData(page, 1)).datasets.map((d) => d.label)).to.deep.equal(['JVA Werl']);
    await page.close();
  });

  it('can be used with the keyboard alone', async () => {
    const page = await openSignedIn('00000000-0000-4000-8000-00000000c001');
    await page.focus('#scope');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('apply');
    await apply(page, () => page.keyboard.press('Enter'));
    expect(await page.textContent('#who')).to.include('JVA Aachen');
    await page.focus('[data-table="interpreters.languageByMonth"] summary');
    await page.keyboard.press('Enter');
    expect(await page.isVisible('[data-table="interpreters.languageByMonth"] table')).to.equal(true);
    await page.close();
  });

  it('renders for a valid Teams SSO token, and renders nothing for a forged, expired or foreign-tenant one', async () => {
    const ok = await openWithToken(await idp.token({ oid: USERS.admin }));
    await ok.waitForSelector('canvas');
    expect(await ok.textContent('[data-key="escalations"] dd')).to.match(/^\d+$/);
    await ok.close();
    const bad = [
      await idp.token({ oid: USERS.admin }, { key: 'forged' }),
      await idp.token({ oid: USERS.admin }, { expiresInS: -120 }),
      await idp.token({ oid: USERS.admin, tid: FOREIGN_TENANT }),
    ];
    for (const token of bad) {
      const page = await openWithToken(token);
      expect(await page.textContent('#status')).to.include('Anmeldung fehlgeschlagen');
      expect(await page.$$('canvas')).to.have.length(0);
      expect(await page.textContent('#figures')).to.equal('');
      expect(await page.isHidden('#filters')).to.equal(true);
      await page.close();
    }
    const staff = await openWithToken(await idp.token({ oid: USERS.staff }));
    expect(await staff.textContent('#status')).to.include('Berechtigung');
    expect(await staff.$$('canvas')).to.have.length(0);
    await staff.close();
  });

  it('speaks English with ?lang=en', async () => {
    const page = await openSignedIn('00000000-0000-4000-8000-00000000c001', 'en');
    expect(await page.textContent('h1')).to.equal('Integrationslotse – Figures');
    expect((await chartData(page, 1)).labels).to.include('Arabic');
    expect(await page.getAttribute('html', 'lang')).to.equal('en');
    await page.close();
  });

  it('writes a screenshot of the seeded dashboard (docs/dashboard.png with UPDATE_SCREENSHOT=1)', async () => {
    const page = await openSignedIn('00000000-0000-4000-8000-00000000c001');
    const png = await page.screenshot({ fullPage: true });
    expect(png.subarray(1, 4).toString()).to.equal('PNG');
    const out = process.env.UPDATE_SCREENSHOT === '1' ? path.join(ROOT, 'docs', 'dashboard.png') : path.join(tempDir('lotse-shot-'), 'dashboard.png');
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, png);
    await page.close();
  });

  it('sent no request anywhere but the bot on 127.0.0.1', () => {
    const origin = `${bot.url}/`;
    const elsewhere = browser.requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:'));
    expect(browser.requests.length).to.be.greaterThan(10);
    expect(elsewhere).to.deep.equal([]);
  });
});
