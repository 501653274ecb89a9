// Issue 13 end to end: two real bot processes (src/index.ts, STORE=postgres) on one database behind
// a round-robin, the fake Bot Connector, and kill -9. PGlite in this process for `npm test`; .ci/run
// sets TEST_DATABASE_URL to Debian's PostgreSQL server, and the same test runs against that.
//   - an officer's escalation dialog runs turn by turn alternately on A and B (shared dialog state);
//   - the coordinator's "übernehmen" on B; the instance sending the officer's notice is killed with
//     kill -9 mid-request; the other takes it over after the lease: every notice confirmed exactly once;
//   - two concurrent "übernehmen" on different instances: exactly one wins;
//   - the database goes away: /readyz 503, a polite "vorübergehend nicht verfügbar", and back after reconnect.
import { expect } from 'chai';
import pg from 'pg';
import { BotClient, textOf, type TestUser } from './harness/botClient.js';
import { startBot, type BotProcess } from './harness/botProcess.js';
import { FakeConnector, type Received } from './harness/fakeConnector.js';
import { startTestDatabase, type TestDatabase } from './harness/pglite.js';
import { TcpProxy } from './harness/tcpProxy.js';

const officer: TestUser = { aadObjectId: 'demo-officer-jva' };
const coordinator: TestUser = { aadObjectId: 'demo-coordinator' };
/** A second coordinator of the same unit (an admin gives the role at run time). */
const colleague: TestUser = { aadObjectId: 'demo-coordinator-2' };
const admin: TestUser = { aadObjectId: 'demo-admin' };
const LEASE_SECONDS = 6;

async function until<T>(get: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 20000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await get();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('two bot instances on one PostgreSQL database (HTTP, kill -9)', function () {
  this.timeout(120000);
  const connector = new FakeConnector();
  let db: TestDatabase;
  let proxy: TcpProxy;
  const bots: BotProcess[] = [];
  const start = () =>
    startBot({ STORE: 'postgres', DATABASE_URL: proxy.urlFor(db.url), DATABASE_POOL_MAX: '4', OUTBOX_LEASE_SECONDS: String(LEASE_SECONDS) }).then((bot) => {
      bots.push(bot);
      return bot;
    });
  const clientOf = (bot: BotProcess) => new BotClient(() => bot.url, connector);
  const invoke = async (client: BotClient, user: TestUser, verb: string, data: Record<string, unknown>) => {
    const res = await client.send(user, { type: 'invoke', name: 'adaptiveCard/action', text: undefined, value: { action: { type: 'Action.Execute', verb, data } } });
    return { status: res.status, body: res.body ? JSON.stringify(JSON.parse(res.body)) : '' };
  };
  const officerConv = () => `a:personal-${officer.aadObjectId}`;
  /** Messages the connector confirmed (answered to a living sender) in a conversation, containing `text`. */
  const confirmed = (conversationId: string, text: string) =>
    connector.received.filter((r: Received) => r.method === 'POST' && r.answered && !r.aborted && r.conversationId === conversationId && r.body?.type === 'message' && textOf(r).includes(text));

  before(async function () {
    this.timeout(60000);
    db = await startTestDatabase();
    await db.reset();
    proxy = await TcpProxy.forUrl(db.url).start();
    await connector.start();
  });
  after(async () => {
    for (const bot of bots) await bot.stop('SIGKILL');
    await connector.stop();
    await proxy?.stop();
    await db?.close();
  });

  /** One officer escalation, each turn on the next instance (a round-robin in front of them). */
  async function escalate(clients: BotClient[], summary: string): Promise<string> {
    const steps = ['eskalation', 'Krisenintervention', 'dringend', summary, 'BN 123/26', 'senden'];
    let last = '';
    for (const [i, text] of steps.entries()) {
      const res = await clients[i % clients.length]!.say(officer, text);
      last = res.replies.map(textOf).join('\n');
    }
    const id = /ESK-\d{4}-\d{4}/.exec(last)?.[0];
    expect(id, last).to.be.a('string');
    return id!;
  }

  it('shares dialogs, delivers every notice once across kill -9, and lets exactly one of two concurrent takes win', async () => {
    let a = await start();
    const b = await start();
    for (const bot of [a, b]) {
      const ready = await fetch(`${bot.url}/readyz`);
      expect(ready.status).to.equal(200);
      expect(await ready.json()).to.deep.include({ store: 'postgres: reachable' });
    }
    await clientOf(b).say(coordinator, 'hilfe'); // the coordinator's conversation is known (stored via B)

    // ---- The dialog alternates between the instances; the case card reaches the coordinator once. ----
    const first = await escalate([clientOf(a), clientOf(b)], 'Der Gefangene wirkt sehr belastet, bitte Beratung zur Krisenintervention.');
    await until(() => confirmed(`a:personal-${coordinator.aadObjectId}`, first).length > 0, 'the case card');

    // ---- übernehmen on B; whichever instance sends the officer's notice dies mid-request. ----
    connector.delayWhen((r) => r.conversationId === officerConv() && r.method === 'POST' && textOf(r).includes('übernommen'), 30000);
    const take = await invoke(clientOf(b), coordinator, 'escalation.take', { caseId: first, version: 1 });
    expect(take.status, JSON.stringify(b.logs.filter((l) => l.level !== 'info' || /invoke|escalation|turn/.test(String(l.event))).slice(-8)) + b.stderr()).to.equal(200);
    expect(take.body).to.contain(`Sie haben ${first} übernommen`);
    await until(() => connector.received.find((r) => r.conversationId === officerConv() && textOf(r).includes('übernommen')), 'the held notice');
    const sender = await until(() => senderOf([a, b], new RegExp(`esk:${first}:v2:[^,]*:${officer.aadObjectId}`)), 'the sending instance');
    const survivor = sender === a ? b : a;
    sender.child.kill('SIGKILL');
    await sender.exited;
    // The survivor takes the row over once the lease ran out, and the connector confirms it.
    await until(() => confirmed(officerConv(), 'übernommen').length === 1 && true, 'the notice from the survivor', (LEASE_SECONDS + 15) * 1000);
    expect(survivor.logs.some((l) => l.event === 'outbox.lease_expired'), JSON.stringify(connector.received.filter((r) => r.conversationId === officerConv()).map((r) => [r.method, r.aborted, textOf(r).slice(0, 60), r.at])) + JSON.stringify(survivor.logs.filter((l) => /outbox/.test(l.event)))).to.equal(true);
    await new Promise((r) => setTimeout(r, 1500));
    expect(confirmed(officerConv(), 'übernommen'), 'confirmed exactly once').to.have.length(1);
    expect(confirmed(`a:personal-${coordinator.aadObjectId}`, first).filter((r) => r.body?.attachments), 'one case card').to.have.length(1);

    // ---- The dead instance comes back; two takes of a new case at once on different instances. ----
    a = survivor === a ? a : await start();
    const other = survivor === a ? await start() : survivor;
    const granted = await clientOf(other).say(admin, `rolle setzen ${colleague.aadObjectId} coordinator Koordinierungsstelle`);
    expect(granted.replies.map(textOf).join('\n')).to.contain('Gespeichert');
    const second = await escalate([clientOf(a), clientOf(other)], 'Bitte Rat zu einem belasteten Gefangenen, der kaum Deutsch spricht.');
    // Two coordinators of the unit press "übernehmen" at the same moment, each reaching another instance.
    const [x, y] = await Promise.all([
      invoke(clientOf(a), coordinator, 'escalation.take', { caseId: second, version: 1 }),
      invoke(clientOf(other), colleague, 'escalation.take', { caseId: second, version: 1 }),
    ]);
    const wins = [x, y].filter((r) => r.body.includes(`Sie haben ${second} übernommen`));
    const stale = [x, y].filter((r) => r.body.includes('inzwischen geändert'));
    expect(wins, `${x.body}\n${y.body}`).to.have.length(1);
    expect(stale, JSON.stringify([x, y].find((r) => !wins.includes(r))) + JSON.stringify([a, other].flatMap((bot) => bot.logs.filter((l) => l.level !== "info").slice(-3)))).to.have.length(1);
    await until(() => confirmed(officerConv(), second).some((r) => textOf(r).includes('übernommen')), 'the notice of the second case');
    await new Promise((r) => setTimeout(r, 1500));
    expect(confirmed(officerConv(), second).filter((r) => textOf(r).includes('übernommen')), 'one notice for one take').to.have.length(1);

    // The audit trail in the database has exactly one take per case.
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const takes = await client.query(`SELECT entry->>'record' AS record FROM audit_log WHERE entry->>'action' = 'escalation.take' AND entry->>'outcome' = 'ok'`);
      expect(takes.rows.map((r) => r.record).sort()).to.deep.equal([first, second].sort());
    } finally {
      await client.end();
    }

    // ---- The database goes away: not ready, a polite answer, nothing run; back after it returns. ----
    await proxy.stop();
    const notReady = await fetch(`${a.url}/readyz`);
    expect(notReady.status).to.equal(503);
    const refused = await clientOf(a).say(officer, 'meine eskalationen');
    expect(refused.replies.map(textOf).join('\n')).to.contain('vorübergehend nicht verfügbar');
    await proxy.start();
    await until(async () => (await fetch(`${a.url}/readyz`)).status === 200, 'readiness after the database returns', 40000);
    const back = await clientOf(a).say(officer, 'meine eskalationen');
    expect(back.replies.map(textOf).join('\n')).to.contain(second);
  });
});

/** The instance that logged `outbox.sending` for a row key matching `key`. */
function senderOf(bots: BotProcess[], key: RegExp): BotProcess | undefined {
  return bots.find((bot) => bot.logs.some((l) => l.event === 'outbox.sending' && key.test(String(l.keys))));
}
