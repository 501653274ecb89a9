// Escalations: the dialogs (botbuilder-testing) and the cards' escaping and size.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ESCALATIONS_FILE } from '../src/escalations/store.js';
import { type Escalation } from '../src/escalations/types.js';
import { caseCard } from '../src/cards/escalationCards.js';
import { deliveryCard } from '../src/cards/deliveryCards.js';
import { translator } from '../src/i18n/i18n.js';
import { formatter } from '../src/i18n/format.js';
import { dialogClient, said } from './harness/dialogHarness.js';
import { EscalateDialog, EscalationTextDialog } from '../dialogs/escalation/index.js';
import { file, fixture, ks1, ks2, officerBr, officerJva, SUMMARY, TZ, type Fixture } from './harness/escalationFixtures.js';

describe('escalations', () => {
  describe('dialogs (botbuilder-testing)', function () {
    this.timeout(20000);
    let f: Fixture;
    before(async () => {
      f = await fixture();
    });
    after(async () => {
      await f.close();
    });
    const text = (reply: any) => [said(reply), JSON.stringify(reply?.attachments ?? [])].join('\n');

    it('guides an officer: category by number, urgency word, length check, redaction shown, names refused as reference, edit, send', async () => {
      const client = dialogClient(new EscalateDialog(f), () => officerJva, { options: { args: '' } });
      expect(said(await client.sendActivity('eskalation'))).to.contain('koordinierende Stelle');
      expect(said(client.getNextReply())).to.contain('Worum geht es?').and.contain('Krisenintervention');
      expect(said(await client.sendActivity('2'))).to.contain('Wie dringend');
      expect(said(await client.sendActivity('eilig'))).to.contain('Beschreiben Sie');
      expect(said(await client.sendActivity('zu kurz'))).to.contain('mindestens 10 Zeichen');
      expect(said(await client.sendActivity(SUMMARY))).to.contain('Aktenzeichen');
      expect(said(await client.sendActivity('Herr Mustermann'))).to.contain('Namen');
      const confirm = text(await client.sendActivity('BN 123/26'));
      expect(confirm).to.contain('Geht an: Koordinierungsstelle Integration (Fachbereich Sozialdienst im Justizvollzug)').and.contain('[Name]').and.contain('2 personenbezogene Angaben');
      expect(confirm).not.to.contain('Mustermann');
      expect(said(await client.sendActivity('ändern'))).to.contain('Beschreiben Sie');
      expect(text(await client.sendActivity('Bitte Rückruf zur Beratung, es eilt.'))).to.contain('Es wurden keine personenbezogenen Angaben gefunden');
      expect(said(await client.sendActivity('senden'))).to.match(/Gesendet: ESK-2026-\d{4} an Koordinierungsstelle/);
      const card = client.getNextReply() as any;
      expect(card.attachments[0].content.refresh.action.verb).to.equal('escalation.refresh');
      const stored = Object.values(JSON.parse(readFileSync(path.join(f.dir, ESCALATIONS_FILE), 'utf8')).data.cases).at(-1) as Escalation;
      expect(stored).to.include({ category: 'krisenintervention', urgency: 'dringend', summary: 'Bitte Rückruf zur Beratung, es eilt.', caseRef: 'BN 123/26', status: 'neu' });
    });

    it('presets from the command, routes radicalisation in a JVA to the Fachbereich, and refuses non-officers', async () => {
      const client = dialogClient(new EscalateDialog(f), () => officerJva, { options: { args: 'dringend radikalisierung' } });
      await client.sendActivity('eskalation dringend radikalisierung');
      expect(said(client.getNextReply())).to.contain('Beschreiben Sie');
      await client.sendActivity('Auffällige Äußerungen im Freizeitbereich, bitte Einschätzung.');
      expect(text(await client.sendActivity('ohne'))).to.contain('Geht an: Fachbereich Radikalisierungsprävention');
      const sent = said(await client.sendActivity('send'));
      expect(sent).to.contain('Extremismusbeauftragte');
      const br = dialogClient(new EscalateDialog(f), () => officerBr, { options: { args: 'radikalisierung normal' } });
      await br.sendActivity('eskalation');
      br.getNextReply();
      await br.sendActivity('Fragen zu einem Projekt mit Bezug zu Extremismusprävention.');
      expect(text(await br.sendActivity('ohne'))).to.contain('Geht an: Kompetenzzentrum für Integration');
      const coordinator = dialogClient(new EscalateDialog(f), () => ks1);
      expect(said(await coordinator.sendActivity('eskalation'))).to.contain('Integrationsbeauftragte einer JVA');
    });

    it('takes the text typed after "antwort" as the answer, but not a command typed by mistake', async () => {
      const c = await file(f);
      await f.service.act(ks1, { verb: 'ask', caseId: c.id, text: 'Termin?' }, 'de');
      const client = dialogClient(new EscalationTextDialog(f), () => officerJva, { options: { verb: 'answer', caseId: c.id } });
      expect(said(await client.sendActivity(`antwort ${c.id}`))).to.contain(`Rückfrage zu ${c.id}`);
      expect(said(await client.sendActivity('meine eskalationen'))).to.contain('Ich warte noch');
      expect(said(await client.sendActivity('Morgen um 10 Uhr.'))).to.contain('unterwegs');
      expect(f.service.get(c.id)!.status).to.equal('angenommen');
      expect(f.service.get(c.id)!.thread.at(-1)).to.include({ kind: 'answer', text: 'Morgen um 10 Uhr.', by: officerJva.userKey });
    });
  });

  describe('cards', () => {
    it('the admins\' delivery card lists dead targets and failed rows by key and id, with retry and revive buttons', () => {
      const built = deliveryCard(
        { t: translator('de'), fmt: formatter('de', TZ), locale: 'de' },
        [{ target: 'coord-ks-9', reason: 'forbidden', status: 403, since: '2026-03-02T09:00:00.000Z', parkedRows: 2 }],
        [{ key: 'esk:ESK-2026-0001:card:coord-ks-9', target: 'coord-ks-9', status: 'dead', attempts: 1, lastError: '403', createdAt: '2026-03-02T09:00:00.000Z' },
          { key: 'esk:ESK-2026-0002:chan', target: 'inbox:kfi', status: 'failed', attempts: 8, lastError: '502', createdAt: '2026-03-02T09:00:00.000Z' }],
      );
      const json = JSON.stringify(built.card);
      expect(json).to.contain('coord-ks-9').and.contain('esk:ESK-2026-0002:chan').and.contain('zustellung reaktivieren coord-ks-9').and.contain('zustellung wiederholen');
      expect(built.summary).to.equal('Zustellung: 1 nicht erreichbare Ziele, 2 nicht zugestellte Nachrichten');
    });

    const info = { t: translator('de'), fmt: formatter('de', TZ), locale: 'de' as const };
    const hostile = `[Bestätigen](https://evil.example) **X** <at>Koordinator</at> ${'A'.repeat(50_000)}`;
    const c: Escalation = {
      id: 'ESK-2026-0007', requester: officerJva.userKey, institutionId: 'jva-koeln', unitId: 'koordinierungsstelle', category: 'sonstiges', urgency: 'normal',
      summary: hostile, caseRef: 'BN_1_#2', status: 'rueckfrage', version: 3, createdAt: '2026-03-02T09:00:00.000Z', updatedAt: '2026-03-02T09:00:00.000Z',
      slaDueAt: '2026-03-04T09:00:00.000Z', slaPausedAt: '2026-03-02T10:00:00.000Z',
      thread: Array.from({ length: 30 }, (_, i) => ({ v: 3, at: '2026-03-02T10:00:00.000Z', by: i % 2 ? ks1.userKey : officerJva.userKey, kind: 'question' as const, text: hostile.slice(0, 5000) })),
      history: [{ v: 1, at: '2026-03-02T09:00:00.000Z', by: officerJva.userKey, action: 'created' }], notifiedVersion: 3, recipients: [], channelPosted: false,
    };
    const cx = { now: new Date('2026-03-02T11:00:00Z'), institutionName: 'JVA Köln', unitName: 'Koordinierungsstelle Integration', nameOf: () => '**Fett** [Link](https://evil.example)', members: [{ userKey: ks2.userKey, label: '[x](https://evil.example)' }] };

    it('shows user text only as capped TextRuns: Markdown, links and mentions stay literal; the card stays small', () => {
      for (const view of ['coordinator', 'requester', 'coordinatorChannel', 'limited'] as const) {
        const built = caseCard(info, c, view, cx);
        const json = JSON.stringify(built.card);
        expect(Buffer.byteLength(json, 'utf16le'), `${view}: bytes as UTF-16, as Teams counts`).to.be.lessThan(80_000);
        const textBlocks: string[] = [];
        const runs: string[] = [];
        const walk = (n: unknown) => {
          if (Array.isArray(n)) n.forEach(walk);
          else if (n && typeof n === 'object') {
            const o = n as Record<string, unknown>;
            if ((o.type === 'TextBlock' || o.type === 'Fact') && typeof o.text === 'string') textBlocks.push(o.text);
            if (o.type === 'TextRun') runs.push(o.text as string);
            if (Array.isArray(o.facts)) for (const fct of o.facts as { value: string }[]) textBlocks.push(fct.value);
            Object.values(o).forEach(walk);
          }
        };
        walk(built.card);
        for (const t of textBlocks) expect(t, `${view}: Markdown-rendered text holds no user text`).not.to.match(/evil\.example|Koordinator<|\*\*X/);
        expect(built.summary).not.to.contain('evil');
        if (view === 'coordinator' || view === 'requester') {
          const summary = runs.find((r) => r.startsWith('[Bestätigen]'));
          expect(summary, 'literal').to.match(/^\[Bestätigen\]\(https:\/\/evil\.example\) \*\*X\*\* <at>Koordinator<\/at> A+…$/);
          expect(summary!.length, 'capped').to.equal(2000);
        } else {
          expect(json, `${view}: no summary`).not.to.contain('Bestätigen');
          expect(json, `${view}: no case reference`).not.to.contain('BN_1');
        }
      }
    });
  });
});
