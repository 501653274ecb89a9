// The persisted scheduler of the outbox: due jobs fire once, a crash mid-commit loses and repeats
// nothing, replace/cancel, failing handlers (real files, test clock).
import { expect } from 'chai';
import { rm } from 'node:fs/promises';
import type { ScheduledJob } from '../src/outbox/types.js';
import { FakeConnector } from './harness/fakeConnector.js';
import { note, useOutboxFixture, type Fixture } from './harness/outboxFixtures.js';

describe('outbox and scheduler (delivery.json, BotDeliveryPort, fake connector)', function () {
  this.timeout(20000);
  const env = useOutboxFixture();
  let connector: FakeConnector;
  let f: Fixture;
  beforeEach(() => ({ connector, f } = env));

  const posts = (conversationId: string) => connector.received.filter((r) => r.method === 'POST' && r.conversationId === conversationId);

  describe('scheduler', () => {
    const job = (id: string, dueInMs: number, kind = 'reminder'): ScheduledJob => ({
      id, kind, dueAt: new Date(f.clock.t + dueInMs).toISOString(), data: { userKey: '', n: 1 },
    });

    it('fires a due job once: its rows and its removal in one commit; a restart does not repeat it', async () => {
      const u = await f.user();
      let calls = 0;
      const handler = (j: ScheduledJob) => {
        calls++;
        return [note(`job:${j.id}`, String(j.data.userKey))];
      };
      f.delivery.scheduler.handle('reminder', handler);
      await f.delivery.scheduler.schedule({ ...job('j:1', 60_000), data: { userKey: u.key } });
      await f.delivery.tick();
      expect(calls).to.equal(0);
      f.clock.advance(60_000);
      await f.delivery.tick();
      expect(calls).to.equal(1);
      expect(posts(u.conversationId).map((r) => r.body.text)).to.deep.equal(['Erinnerung job:j:1']);
      expect(f.delivery.stats().jobs).to.equal(0);
      await f.delivery.close();
      const d = await f.open();
      d.scheduler.handle('reminder', handler);
      f.clock.advance(60_000);
      await d.tick();
      expect(calls).to.equal(1);
      expect(posts(u.conversationId)).to.have.length(1);
    });

    it('a crash while committing a fired job loses nothing and repeats nothing', async () => {
      const u = await f.user();
      await f.delivery.close();
      // Fail the 1st, then the 2nd store write after the handler ran ("the process dies there"),
      // reopen, and check: the job and its rows are both still pending or both done — never half.
      for (const failAt of [1, 2]) {
        await rm(f.file);
        connector.clear();
        let writes = -1; // < 0: not armed
        const d1 = await f.open({
          beforeStep: (step) => {
            if (step === 'rename' && writes >= 0 && ++writes === failAt) throw Object.assign(new Error('simulated crash'), { code: 'EIO' });
          },
        });
        let calls = 0;
        // Keys differ per call, so a repeated firing would show as a second message.
        const handler = () => [note(`job:crash:${failAt}:${++calls}`, u.key)];
        d1.scheduler.handle('reminder', handler);
        await d1.scheduler.schedule(job('j:crash', 0));
        writes = 0;
        await d1.tick();
        expect(calls).to.equal(1);
        await d1.close();

        const d2 = await f.open();
        d2.scheduler.handle('reminder', handler);
        const { jobs, rows } = d2.stats();
        const rowCount = rows.pending + rows.sending + rows.sent;
        expect([jobs, rowCount], `failAt ${failAt}: job and rows together`).to.deep.equal(failAt === 1 ? [1, 0] : [0, 1]);
        await d2.tick();
        f.clock.advance(60 * 60_000);
        await d2.tick();
        await d2.close();
        const d3 = await f.open();
        d3.scheduler.handle('reminder', handler);
        f.clock.advance(60 * 60_000);
        await d3.tick();
        expect(posts(u.conversationId), `failAt ${failAt}: exactly one reminder`).to.have.length(1);
        expect(d3.stats().jobs).to.equal(0);
        await d3.close();
      }
    });

    it('the same id replaces, cancel removes, unknown kinds stay and are logged once', async () => {
      const u = await f.user();
      let fired: string[] = [];
      f.delivery.scheduler.handle('reminder', (j) => {
        fired.push(`${j.id}@${j.dueAt}`);
        return [note(`job:${j.id}:${j.dueAt}`, u.key)];
      });
      await f.delivery.scheduler.schedule(job('j:a', 10_000));
      const later = job('j:a', 20_000);
      await f.delivery.scheduler.schedule(later);
      expect(f.delivery.stats().jobs).to.equal(1);
      f.clock.advance(10_000);
      await f.delivery.tick();
      expect(fired).to.deep.equal([]);
      f.clock.advance(10_000);
      await f.delivery.tick();
      expect(fired).to.deep.equal([`j:a@${later.dueAt}`]);

      fired = [];
      await f.delivery.scheduler.schedule(job('j:b', 1000));
      await f.delivery.scheduler.cancel('j:b');
      await f.delivery.scheduler.cancel('j:b');
      f.clock.advance(5000);
      await f.delivery.tick();
      expect(fired).to.deep.equal([]);

      await f.delivery.scheduler.schedule(job('j:c', 0, 'unknown-kind'));
      await f.delivery.tick();
      await f.delivery.tick();
      expect(f.logs.filter((l) => l.event === 'scheduler.unknown_kind' && l.jobId === 'j:c')).to.have.length(1);
      expect(f.delivery.stats().jobs).to.equal(1);
      f.delivery.scheduler.handle('unknown-kind', () => []);
      await f.delivery.tick();
      expect(f.delivery.stats().jobs).to.equal(0);
    });

    it('a failing handler keeps its job and is retried later', async () => {
      let calls = 0;
      f.delivery.scheduler.handle('flaky', () => {
        calls++;
        if (calls === 1) throw new Error('handler down');
        return [];
      });
      await f.delivery.scheduler.schedule(job('j:flaky', 0, 'flaky'));
      await f.delivery.tick();
      await f.delivery.tick();
      expect(calls, 'backs off instead of spinning').to.equal(1);
      expect(f.delivery.stats().jobs).to.equal(1);
      f.clock.advance(60_000);
      await f.delivery.tick();
      expect(calls).to.equal(2);
      expect(f.delivery.stats().jobs).to.equal(0);
    });
  });
});
