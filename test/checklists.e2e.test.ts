// Checklists end to end over real HTTP against the fake Bot Connector:
//  1. the real server as a child process: start → two steps → restart → resume shows 2 done; every shipped
//     checklist run, paused, resumed and finished in German and in English; other users and staff kept out;
//  2. the server in-process with a controllable clock: a reminder arrives exactly once, also across a restart.
import { expect } from 'chai';
import { FakeConnector, type Received } from './harness/fakeConnector.js';
import { BotClient, textOf, type TestUser } from './harness/botClient.js';
import { ROOT, tempDir } from './harness/botProcess.js';
import { useBot } from './harness/useBot.js';
import { storeEnv } from './harness/testStore.js';
import { TestClock } from './harness/checklistFixtures.js';
import { loadTemplates, type ChecklistTemplate } from '../src/checklists/templates.js';
import { loadConfig, type Config } from '../src/config/env.js';
import { createLogger } from '../src/log/logger.js';
import { startServer, type RunningServer } from '../src/index.js';

const jvaDe: TestUser = { aadObjectId: 'demo-officer-jva', locale: 'de-DE' };
const jvaEn: TestUser = { aadObjectId: 'demo-officer-jva', locale: 'en-US' };
const brDe: TestUser = { aadObjectId: 'demo-officer-br', locale: 'de-DE' };
const brEn: TestUser = { aadObjectId: 'demo-officer-br', locale: 'en-US' };
const staff: TestUser = { aadObjectId: '0f0f0f0f-0000-4000-8000-0000000000c1' };

interface Button {
  title: string;
  data: Record<string, any>;
}

function buttons(reply: Received | undefined): Button[] {
  const out: Button[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, any>;
      if (o.type === 'Action.Submit' && o.data) out.push({ title: o.title, data: o.data });
      for (const v of Object.values(o)) if (typeof v === 'object') walk(v);
    }
  };
  walk(reply?.body.attachments);
  return out;
}

function press(reply: Received | undefined, action: string, match: Record<string, string> = {}): Record<string, any> {
  const hit = buttons(reply).find((b) => b.data.checklist?.a === action && Object.entries(match).every(([k, v]) => b.data.checklist?.[k] === v));
  if (!hit) throw new Error(`no "${action}" button ${JSON.stringify(match)} on: ${reply ? textOf(reply).slice(0, 300) : 'no reply'}`);
  return hit.data;
}

const only = (replies: Received[]): Received => {
  expect(replies, 'one reply per turn').to.have.length(1);
  return replies[0]!;
};

describe('checklists end to end (HTTP, fake connector)', function () {
  this.timeout(60000);
  const { connector, bot, client, restart } = useBot({ dataDir: tempDir('lotse-checklists-e2e-') });

  const say = async (user: TestUser, text: string) => only((await client.say(user, text)).replies);
  const click = async (user: TestUser, data: Record<string, unknown>) => only((await client.send(user, { text: undefined, value: data })).replies);
  afterEach(() => {
    for (const r of connector.received) {
      if (r.body?.attachments?.length) expect(r.body.text, `summary of card in ${r.path}`).to.be.a('string').and.not.be.empty;
    }
    connector.clear();
  });

  it('start a checklist → complete two steps → restart the server → resume shows 2 done', async () => {
    const list = await say(jvaDe, 'checkliste');
    expect(textOf(list)).to.contain('Checkliste starten');
    expect(textOf(await click(jvaDe, press(list, 'start', { t: 'zugangsgespraech' })))).to.contain('pseudonymes Aktenzeichen');
    expect(textOf(await say(jvaDe, 'Herr Beispiel'))).to.contain('Das sieht nach einem Namen aus');
    expect(textOf(await say(jvaDe, '123/24'))).to.contain('Vorschlag:');
    let card = await say(jvaDe, 'in 2 Wochen');
    expect(textOf(card)).to.contain('Schritt 1 von 9').and.contain('Quelle: § 8 StVollzG NRW');
    card = await click(jvaDe, press(card, 'done'));
    card = await click(jvaDe, press(card, 'done'));
    expect(textOf(card)).to.contain('Schritt 3 von 9').and.contain('2 von 9 erledigt');

    expect(await bot.stop()).to.equal(0);
    await restart();

    const offer = await say(jvaDe, 'checkliste');
    expect(textOf(offer)).to.contain('Sie haben offene Checklisten').and.contain('CL-').and.contain('2 von 9 erledigt, 0 übersprungen');
    expect(textOf(offer)).to.contain('Aktenzeichen: 123/24');
    const resumed = await click(jvaDe, press(offer, 'resume'));
    expect(textOf(resumed)).to.contain('Schritt 3 von 9: Ärztliche Zugangsuntersuchung').and.contain('2 von 9 erledigt');
    // Finish it so the runs below start from a clean list.
    let next = resumed;
    while (!textOf(next).includes('Abgeschlossen:')) next = await click(jvaDe, press(next, 'done'));
  });

  it('keeps other users and staff out of a run', async () => {
    await say(jvaDe, 'checkliste neu');
    await say(jvaDe, 'Krisenintervention');
    await say(jvaDe, 'BN 4711-2026');
    const card = await say(jvaDe, 'keine');
    const runId = press(card, 'done').checklist.r as string;
    expect(textOf(await click(brDe, press(card, 'done')))).to.contain(`Die Checkliste ${runId} finde ich nicht`);
    expect(textOf(await say(brDe, `checkliste ${runId}`))).to.contain('finde ich nicht');
    expect(textOf(await say(staff, 'checkliste'))).to.contain('fehlt Ihnen die Berechtigung');
    const mine = await say(jvaDe, 'meine checklisten');
    expect(textOf(mine)).to.contain(runId).and.contain('0 von 7 erledigt');
    expect(textOf(await click(jvaDe, press(mine, 'delete', { r: runId })))).to.contain('wirklich löschen');
    expect(textOf(await say(jvaDe, 'Ja, löschen'))).to.contain(`Checkliste ${runId} gelöscht`);
  });

  describe('every shipped checklist can be run, paused, resumed and finished', () => {
    const templates = loadTemplates().all;
    const cases: { template: ChecklistTemplate; user: TestUser; lang: 'de' | 'en' }[] = [];
    for (const template of templates) {
      const [de, en] = template.audience === 'bezirksregierung' ? [brDe, brEn] : [jvaDe, jvaEn];
      cases.push({ template, user: de, lang: 'de' }, { template, user: en, lang: 'en' });
    }
    for (const { template, user, lang } of cases) {
      it(`${template.id} (${lang})`, async () => {
        const w = lang === 'de'
          ? { cmd: 'checkliste', none: 'ohne', noDue: 'keine', source: 'Quelle: ', step: 'Schritt', paused: 'Pausiert', finished: 'Abgeschlossen: ' }
          : { cmd: 'checklist', none: 'none', noDue: 'none', source: 'Source: ', step: 'Step', paused: 'Paused', finished: 'Finished: ' };
        const list = await say(user, `${w.cmd} ${lang === 'de' ? 'neu' : 'new'}`);
        let reply = await click(user, press(list, 'start', { t: template.id }));
        if (template.caseBased) reply = await say(user, w.none);
        let card = await say(user, w.noDue);
        const total = template.steps.length;
        for (let n = 1; n <= total; n++) {
          const text = textOf(card);
          expect(text).to.contain(`${w.step} ${n} ${lang === 'de' ? 'von' : 'of'} ${total}: ${template.steps[n - 1]!.title[lang]}`);
          expect(text).to.contain(w.source);
          if (n === 2) {
            expect(textOf(await click(user, press(card, 'later')))).to.contain(w.paused);
            const offer = await say(user, w.cmd);
            card = await click(user, press(offer, 'resume', { r: press(card, 'done').checklist.r }));
            expect(textOf(card)).to.contain(`${w.step} 2 ${lang === 'de' ? 'von' : 'of'} ${total}`);
          }
          card = await click(user, press(card, 'done'));
        }
        expect(textOf(card)).to.contain(`${w.finished}${template.title[lang]}`);
      });
    }
  });
});

describe('checklist reminders end to end (in-process server, controllable clock)', function () {
  this.timeout(60000);
  let connector: FakeConnector;
  let server: RunningServer | undefined;
  const logs: Record<string, any>[] = [];
  const log = createLogger('info', (line) => logs.push(JSON.parse(line)));
  const dataDir = tempDir('lotse-reminders-e2e-');
  let config: Config;
  // Wednesday 10 March 2027, 10:00 in Berlin. (After the shipped sample data's dates: the directory module
  // refuses a clock that lies before its records' confirmation dates.)
  const clock = new TestClock(new Date('2027-03-10T09:00:00Z'));

  before(async () => {
    connector = await new FakeConnector().start();
    // On the tests' engine, as the bot processes (TEST_STORE=postgres: this DATA_DIR's database).
    config = loadConfig({ NODE_ENV: 'development', PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info', ...(await storeEnv(dataDir)) }, ROOT);
  });
  after(async () => {
    await server?.stop();
    await connector?.stop();
  });

  async function until(check: () => boolean, what: string, timeoutMs = 25000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`${what} did not happen`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  const reminders = (runId: string) =>
    connector.received.filter((r) => r.method === 'POST' && r.body?.type === 'message' && textOf(r).includes('Erinnerung') && textOf(r).includes(runId));

  it('delivers one reminder per due item, exactly once, also across a restart', async () => {
    server = await startServer(config, log, { clock });
    const client = new BotClient(`http://127.0.0.1:${server.port}`, connector);
    const say = async (text: string) => (await client.say(jvaDe, text)).replies[0]!;
    const startRun = async (due: string) => {
      await say('checkliste neu');
      await say('Schulung');
      const card = await say(due);
      return press(card, 'done').checklist.r as string;
    };
    const runA = await startRun('morgen'); // Thu 11 March → reminder 08:00 Berlin
    const runB = await startRun('übermorgen'); // Fri 12 March
    expect(logs.filter((l) => l.event === 'checklist.reminder_schedule_failed')).to.deep.equal([]);
    expect(logs.filter((l) => l.event === 'scheduler.scheduled').map((l) => l.jobId)).to.include.members([`checklist:${runA}:due`, `checklist:${runB}:due`]);
    expect(reminders(runA)).to.have.length(0);

    // Thursday 08:01: starting another run schedules a job, which wakes the worker at once.
    clock.set('2027-03-11T07:01:00Z');
    await startRun('in 4 Wochen');
    await until(() => reminders(runA).length > 0, 'the reminder for run A');
    const sent = reminders(runA)[0]!;
    expect(sent.conversationId).to.equal(client.conversationId(jvaDe));
    expect(textOf(sent)).to.contain('Die Checkliste „Schulung für Beschäftigte“').and.contain('am Do., 11.03.2027 fällig');
    expect(press(sent, 'resume', { r: runA })).to.deep.include({ cmd: 'checkliste' });
    expect(reminders(runB)).to.have.length(0);

    // Restart on Friday 08:01: the pending reminder B fires; A is not repeated.
    expect(await server.stop()).to.equal(true);
    server = undefined;
    clock.set('2027-03-12T07:01:00Z');
    server = await startServer(config, log, { clock });
    await until(() => reminders(runB).length > 0, 'the reminder for run B');
    expect(reminders(runA)).to.have.length(1);
    expect(reminders(runB)).to.have.length(1);
    expect(logs.filter((l) => l.event === 'scheduler.fired' && l.jobId === `checklist:${runA}:due`)).to.have.length(1);

    // The reminder's button resumes the run.
    const restarted = new BotClient(`http://127.0.0.1:${server.port}`, connector);
    const resumed = only((await restarted.send(jvaDe, { text: undefined, value: press(reminders(runB)[0], 'resume') })).replies);
    expect(textOf(resumed)).to.contain('Schritt 1 von 6').and.contain(runB);
  });
});
