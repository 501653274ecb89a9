// Every structure that grows with what strangers or users send has a bound: fed 100 000 distinct keys,
// it holds at most its cap. Counted, never timed; time moves only through an injected clock.
import { expect } from 'chai';
import path from 'node:path';
import { TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { AuditLog } from '../src/audit/auditLog.js';
import { silentLogger } from '../src/log/logger.js';
import { EventLimiter } from '../src/security/eventLimiter.js';
import { RecentIds } from '../src/bot/recentIds.js';
import { TurnGuard } from '../src/bot/turnGuard.js';
import { HOLIDAY_YEARS_CACHED, holidayYearsCached, nrwHolidays } from '../src/time/holidays.js';
import { tempDirPerTest } from './harness/tempFiles.js';

const DISTINCT = 100_000;
const MINUTE = 60_000;

describe('memory bounds: EventLimiter (rate limit, auth-failure and audit budgets)', () => {
  it(`holds at most maxKeys windows after ${DISTINCT} distinct keys, and still limits the newest`, () => {
    const limiter = new EventLimiter(2, MINUTE, () => 0, 1000);
    for (let i = 0; i < DISTINCT; i++) limiter.take(`user-${i}`);
    expect(limiter.size).to.equal(1000);
    const newest = `user-${DISTINCT - 1}`;
    expect(limiter.take(newest).allowed).to.equal(true); // its 2nd event
    expect(limiter.take(newest).allowed).to.equal(false); // its 3rd
  });

  it('uses 10 000 keys as the default cap', () => {
    const limiter = new EventLimiter(1, MINUTE, () => 0);
    for (let i = 0; i < DISTINCT; i++) limiter.take(`k${i}`);
    expect(limiter.size).to.equal(10_000);
  });

  it('shrinks back once the windows have ended: one event a window later leaves one key', () => {
    let now = 0;
    const limiter = new EventLimiter(5, MINUTE, () => now);
    for (let i = 0; i < 5000; i++) limiter.take(`user-${i}`);
    expect(limiter.size).to.equal(5000);
    now = MINUTE;
    limiter.take('someone-else');
    expect(limiter.size).to.equal(1);
  });

  it('keeps an ended window that suppressed events until its key returns to report them', () => {
    let now = 0;
    const limiter = new EventLimiter(1, MINUTE, () => now);
    limiter.take('flooder');
    limiter.take('flooder');
    limiter.take('flooder'); // 2 suppressed
    for (let i = 0; i < 100; i++) limiter.take(`quiet-${i}`);
    now = MINUTE;
    limiter.take('other');
    expect(limiter.size).to.equal(2); // flooder + other; the 100 quiet windows are gone
    expect(limiter.take('flooder')).to.deep.equal({ allowed: true, suppressedBefore: 2 });
  });

  it('does not forget a window that is still running', () => {
    let now = 0;
    const limiter = new EventLimiter(1, MINUTE, () => now);
    limiter.take('a');
    now = MINUTE / 2;
    limiter.take('b');
    now = MINUTE; // a's window ended, b's still runs
    limiter.take('c');
    expect(limiter.size).to.equal(2);
    expect(limiter.take('b').allowed).to.equal(false);
  });
});

describe('memory bounds: TurnGuard per-user rate limit', () => {
  let dir = '';
  tempDirPerTest('ilotse-bounds-', (d) => (dir = d));

  it(`tracks at most 10 000 users after ${DISTINCT} distinct users each sent a message`, async () => {
    const audit = await AuditLog.open(path.join(dir, 'audit.jsonl'));
    const guard = new TurnGuard({ allowedTenants: ['tenant-a'], perUserPerMinute: 60, audit, log: silentLogger, now: () => 0 });
    const adapter = new TestAdapter(async () => {});
    let admitted = 0;
    for (let i = 0; i < DISTINCT; i++) {
      const activity = {
        type: 'message', id: `m${i}`, channelId: 'msteams', text: 'hilfe',
        from: { id: `29:u${i}`, aadObjectId: `aad-${i}` }, recipient: { id: '28:bot' },
        conversation: { id: `a:u${i}`, tenantId: 'tenant-a' }, channelData: { tenant: { id: 'tenant-a' } },
      } as Activity;
      if (await guard.admit(new TurnContext(adapter, activity))) admitted++;
    }
    await audit.close();
    expect(admitted).to.equal(DISTINCT);
    expect(guard.trackedKeys).to.equal(10_000);
  });
});

describe('memory bounds: RecentIds (redelivered activity ids)', () => {
  it(`holds at most its capacity after ${DISTINCT} distinct ids; recent ids are still recognised`, () => {
    const recent = new RecentIds(5000);
    for (let i = 0; i < DISTINCT; i++) expect(recent.seen(`activity-${i}`)).to.equal(false);
    expect(recent.size).to.equal(5000);
    expect(recent.seen(`activity-${DISTINCT - 1}`)).to.equal(true);
    expect(recent.seen('activity-0')).to.equal(false); // long evicted
  });
});

describe('memory bounds: NRW holiday cache (years from user-typed dates)', () => {
  it(`holds at most ${HOLIDAY_YEARS_CACHED} years after every year 0001–9999 was asked, answers unchanged`, () => {
    const christmas2026 = nrwHolidays(2026).get('2026-12-25');
    for (let year = 1; year <= 9999; year++) nrwHolidays(year);
    expect(holidayYearsCached()).to.equal(HOLIDAY_YEARS_CACHED);
    expect(christmas2026).to.equal('weihnachten1');
    expect(nrwHolidays(2026).get('2026-12-25')).to.equal('weihnachten1'); // recomputed after eviction
    expect(nrwHolidays(2026).size).to.equal(11);
  });
});
