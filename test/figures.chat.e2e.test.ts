// Figures in chat over HTTP (real server, fake Bot Connector): "statistik" cards with the unit's key
// numbers and a deep link into the tab, periods in words, refusals, the monthly opt-out; the words
// and the monthly schedule on their own.
import { expect } from 'chai';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { tempDir } from './harness/botProcess.js';
import { textOf, visibleText } from './harness/botClient.js';
import { DASHBOARD_SEED, seedStores } from './harness/figuresSeed.js';
import { ROSTER, USERS } from './harness/tabTokens.js';
import { useBot } from './harness/useBot.js';
import { withStores } from './harness/testStore.js';
import { parsePeriodWords } from '../dialogs/figures/words.js';
import { nextFirstWorkingDay, nextMonthlyJob } from '../src/figures/monthly.js';
import { monthlyMessages } from '../dialogs/figures/monthly.js';
import { figureLabels } from '../src/tab/labels.js';
import { institutions, openFigures } from './harness/figuresFixtures.js';

const dataDir = tempDir('lotse-figchat-');
const rosterFile = path.join(dataDir, 'roster.json');

describe('figures in chat (e2e)', function () {
  this.timeout(60_000);
  before(async () => {
    await withStores(dataDir, () => seedStores(dataDir, DASHBOARD_SEED)); // on the engine the bot will run on
    await writeFile(rosterFile, JSON.stringify(ROSTER));
  });
  const { client } = useBot({ dataDir, env: { ROSTER_FILE: rosterFile } });
  const coordinator = { aadObjectId: USERS.coordinator };
  // Seeded open cases past their deadline make the outbox send breach notices to the same chat: pick our answer.
  const answer = async (user: { aadObjectId: string; locale?: string }, text: string) => {
    const { replies } = await client.say(user, text);
    const ours = replies.filter((r) => !textOf(r).includes('ESK-'));
    expect(ours, text).to.have.length(1);
    return ours[0]!;
  };

  it('answers "statistik 2026" with the unit\'s key numbers, "< 5" where withheld, and a button into the tab', async () => {
    const reply = await answer(coordinator, 'statistik 2026');
    const text = visibleText(reply.body);
    expect(text).to.include('Kennzahlen: Koordinierungsstelle Integration');
    expect(text).to.include('Dolmetscheranfragen');
    expect(text).to.include('299');
    expect(text).to.include('< 5');
    const card = (reply.body.attachments as { content: { actions: { type: string; url?: string }[] } }[])[0]!.content;
    expect(card.actions[0]!.url).to.match(/^https:\/\/teams\.microsoft\.com\/l\/entity\/24440f61-6ee7-4f4a-871c-e2a6b6417aaa\/figures\?label=/);
  });

  it('understands months in words and answers in English', async () => {
    expect(visibleText((await answer({ ...coordinator, locale: 'en-GB' }, 'figures March 2026')).body)).to.include('Period: 01/03/2026 – 31/03/2026');
  });

  it('explains bad, reversed and future periods, and refuses staff', async () => {
    expect(textOf(await answer(coordinator, 'statistik irgendwann'))).to.include('Diesen Zeitraum verstehe ich nicht');
    expect(textOf(await answer(coordinator, 'statistik 30.06.2026 bis 01.01.2026'))).to.include('endet vor seinem Beginn');
    expect(textOf(await answer(coordinator, 'statistik 2099'))).to.include('Zukunft');
    const staff = await client.say({ aadObjectId: USERS.staff }, 'statistik');
    expect(staff.replies.map(textOf).join(' ')).to.not.include('Dolmetscheranfragen');
  });

  it('lets a coordinator switch the monthly figures off and on again', async () => {
    expect(textOf(await answer(coordinator, 'statistik monatlich aus'))).to.include('nicht mehr monatlich');
    expect(textOf(await answer(coordinator, 'statistik monatlich an'))).to.include('ersten Arbeitstag');
    expect(textOf(await answer({ aadObjectId: USERS.officer }, 'statistik monatlich aus'))).to.include('für Koordinierende');
  });
});

describe('figures words and monthly schedule', () => {
  const today = '2026-12-04';
  it('reads periods as people type them', () => {
    expect(parsePeriodWords('', today)).to.deep.equal({ from: '2026-01-01', to: '2026-12-04' });
    expect(parsePeriodWords('2025', today)).to.deep.equal({ from: '2025-01-01', to: '2025-12-31' });
    expect(parsePeriodWords('März 2026', today)).to.deep.equal({ from: '2026-03-01', to: '2026-03-31' });
    expect(parsePeriodWords('2026-02', today)).to.deep.equal({ from: '2026-02-01', to: '2026-02-28' });
    expect(parsePeriodWords('02/2024', today)).to.deep.equal({ from: '2024-02-01', to: '2024-02-29' });
    expect(parsePeriodWords('letzter Monat', today)).to.deep.equal({ from: '2026-11-01', to: '2026-11-30' });
    expect(parsePeriodWords('last year', today)).to.deep.equal({ from: '2025-01-01', to: '2025-12-31' });
    expect(parsePeriodWords('01.01.2026 bis 30.06.2026', today)).to.deep.equal({ from: '2026-01-01', to: '2026-06-30' });
    expect(parsePeriodWords('monatlich aus', today)).to.deep.equal({ monthly: 'off' });
    expect(parsePeriodWords('13/2026', today)).to.equal(undefined);
    expect(parsePeriodWords('x'.repeat(5000), today)).to.equal(undefined);
  });

  it('sends on the first NRW working day of the next month at 07:00 Berlin', () => {
    expect(nextFirstWorkingDay('2026-12-04')).to.equal('2027-01-04'); // 1 Jan holiday, 2–3 weekend
    expect(nextFirstWorkingDay('2026-04-10')).to.equal('2026-05-04'); // 1 May holiday, then weekend
    expect(nextMonthlyJob('2026-12-04', 'Europe/Berlin')).to.deep.equal({ id: 'figures.monthly:2027-01', dueAt: '2027-01-04T06:00:00.000Z', month: '2027-01' });
  });
});

describe('monthly figures job', () => {
  it('sends each coordinator not opted out last month\'s card of their unit, once per person and month', async () => {
    const dir = tempDir('lotse-figmonthly-');
    await seedStores(dir, DASHBOARD_SEED);
    const { service, audit, clock } = await openFigures(dir, '2026-11-02T06:00:00.000Z');
    const members: Record<string, { userKey: string }[]> = { koordinierungsstelle: [{ userKey: 'c-1' }, { userKey: 'c-2' }], kfi: [{ userKey: 'k-1' }] };
    const deps = {
      institutions, audit, clock, config: { timeZone: 'Europe/Berlin' }, figures: service,
      roles: { membersOf: (unit: string) => members[unit] ?? [] },
      store: { data: { optedOut: { 'c-2': '2026-10-01T00:00:00.000Z' } } },
      labels: figureLabels('de', { institutions }),
    };
    const out = await monthlyMessages(deps, { id: 'figures.monthly:2026-11', kind: 'figures.monthly', dueAt: '2026-11-02T06:00:00.000Z', data: {} });
    await audit.close();
    expect(out.map((r) => [r.target, r.key])).to.deep.equal([
      [{ userKey: 'k-1' }, 'figures.monthly:2026-11:k-1'],
      [{ userKey: 'c-1' }, 'figures.monthly:2026-11:c-1'],
    ]);
    const koord = out.find((r) => r.key.endsWith('c-1'))!;
    expect(koord.payload.text).to.include('Ihre monatlichen Kennzahlen für Okt. 2026');
    expect(koord.payload.text).to.include('01.10.2026 – 31.10.2026');
    expect(JSON.stringify(koord.payload.card)).to.include('statistik monatlich aus');
  });
});
