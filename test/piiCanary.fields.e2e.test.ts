// Issue 10 item 6: the PII canary (test/harness/piiCanary.ts: a fictional name, phone, e-mail and birth
// date) typed into EVERY free-text field the bot accepts, over HTTP against the real server. Afterwards
// none of it is in DATA_DIR, the logs, any proactive payload or an outbox row — including one that could
// not be delivered. A field either redacts (the placeholder "[Name]" … is stored) or refuses and asks again
// (nothing is stored). This file: escalations, interpreter requests, checklists; the knowledge base,
// announcements, contacts and roles are in piiCanary.knowledge.e2e.test.ts.
//
// Inventory of free text (grep of dialogs/ and src/ for text prompts, Input.Text and card submits):
// | Capability    | Field (where typed)                                          | Handling                          |
// |---------------|--------------------------------------------------------------|-----------------------------------|
// | Escalation    | summary (text prompt)                                        | redacted (language service)       |
// | Escalation    | case reference (text prompt)                                 | refused unless pseudonymous       |
// | Escalation    | Rückfrage, answer, resolution note (card or typed)           | redacted                          |
// | Interpreter   | dialect, place, case reference (prompt or one sentence)      | refused (screenOffline + findPii) |
// | Interpreter   | organiser: interpreter/service and note (confirm), note (decline) | refused (screenOffline)      |
// | Interpreter   | language sample for detection                                | never stored                      |
// | Interpreter   | address file entry: name, contact (admins)                   | kept: interpreters' address book  |
// | Checklist     | case reference, step note, skip reason                       | refused (screenOffline + findPii) |
// | Knowledge     | expert question, practice example ("fachfrage …")            | redacted, officer confirms        |
// | Knowledge     | coordinator's answer (card)                                  | redacted                          |
// | Knowledge     | entry and publish forms: questions, answers, source          | redacted                          |
// | Knowledge     | search ("frage …", free text), feedback query                | never stored                      |
// | Announcements | text ("ankündigung [Text]")                                  | redacted before the preview       |
// | Contacts      | notes (form "kontakte neu"/"bearbeiten")                     | refused (screenOffline)           |
// | Contacts      | name, e-mail, phone, website of an office                    | kept: official contact by design  |
// | Contacts      | search ("kontakte …"), "zuständig …" (may wait for a place)  | never stored, not kept in state   |
// | Roles         | "rolle setzen <id> <role> <place>"                           | only id and known place kept      |
// | Any dialog    | its last question, kept for "weiter" (may quote the user)    | texts redacted                    |
// Before this test, these leaked (issue 10): checklist note and skip reason, interpreter dialect, place and notes
// (a bare name passed the screen), the organiser's interpreter field (not screened), the coordinator's answer,
// entry forms and the publish form's source, announcements, contact notes, the typed line of "rolle setzen" and
// "zuständig …" in state.json, and a refusal quoting the user in the kept dialog question.
import { expect } from 'chai';
import { textOf, type TestUser } from './harness/botClient.js';
import type { Received } from './harness/fakeConnector.js';
import { CANARY_NAME, CANARY_TEXT, expectNoCanary, expectStoredClean, invoke, outboxSettled, isTurnReply, readJson, scan, until } from './harness/piiCanary.js';
import { tempDir } from './harness/botProcess.js';
import { useBot } from './harness/useBot.js';

const officer: TestUser = { aadObjectId: 'demo-officer-jva' };
const coordinator: TestUser = { aadObjectId: 'demo-coordinator' };
/** Their chat refuses every delivery: the outbox keeps the row (and its payload) pending. */
const unreachable: TestUser = { aadObjectId: 'demo-radikalisierung' };
const admin: TestUser = { aadObjectId: 'demo-admin' };
const organiser: TestUser = { aadObjectId: 'canary-organiser-koeln' };

const all = (replies: Received[]) => replies.map(textOf).join('\n');
/** The refusals of the screened fields (checklists, interpreter requests), not the prompts that mention names. */
const REFUSED = /Das sieht nach einem Namen aus|Bitte keine (?:Telefonnummern|Geburtsdaten)|ist zu lang/;

function button(replies: Received[], pick: (data: Record<string, any>, title: string) => boolean): Record<string, any> {
  const found: Record<string, any>[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, any>;
      if ((o.type === 'Action.Submit' || o.type === 'Action.Execute') && o.data && pick(o.data, o.title)) found.push(o);
      Object.values(o).forEach(walk);
    }
  };
  walk(replies.map((r) => r.body?.attachments));
  if (!found[0]) throw new Error(`no such button on: ${all(replies).slice(0, 300)}`);
  return found[0];
}

describe('PII canary in every free-text field (HTTP, real store files)', function () {
  this.timeout(120000);
  const session = useBot({ dataDir: tempDir('lotse-canary-fields-') });
  const { client, connector, bot } = session;
  // Only the turn's own replies: a proactive notice may arrive in the same chat meanwhile.
  const say = async (user: TestUser, text: string) => (await client.say(user, text)).replies.filter((r) => isTurnReply(client, r));
  const caseOf = async (id: string) => (await readJson(bot.dataDir, 'escalations.json')).cases[id];

  before(async () => {
    for (const u of [coordinator, unreachable]) await client.say(u, 'hilfe');
    expect(all(await say(admin, `rolle setzen ${organiser.aadObjectId} officer JVA Köln`))).to.contain('JVA Köln');
    await client.say(organiser, 'hallo');
    connector.failConversation(client.conversationId(unreachable), 503);
  });

  it('escalations: summary and thread texts are redacted, a name as case reference is refused', async () => {
    await say(officer, 'eskalation');
    await say(officer, 'Krisenintervention');
    await say(officer, 'normal');
    expect(all(await say(officer, CANARY_TEXT))).to.contain('Aktenzeichen');
    expect(all(await say(officer, CANARY_NAME)), 'a name is no case reference').to.contain('Namen');
    await expectStoredClean(session, 'while the escalation dialog waits for a case reference');
    const confirm = await say(officer, 'ohne');
    expect(all(confirm)).to.contain('[Name]').and.contain('[Telefon]');
    await expectStoredClean(session, 'while the escalation waits for "senden"');
    const id = /ESK-\d{4}-\d{4}/.exec(all(await say(officer, 'senden')))![0];
    expect((await caseOf(id)).summary).to.contain('[Name]').and.contain('[E-Mail]');

    const version = async () => (await caseOf(id)).version as number;
    expect((await invoke(session, coordinator, 'escalation.take', { caseId: id, version: await version() })).status).to.equal(200);
    expect((await invoke(session, coordinator, 'escalation.ask', { caseId: id, version: await version(), question: `Rückfrage zu ${CANARY_NAME}, Tel. +49 170 5550 1234?` })).status).to.equal(200);
    await say(officer, `antwort ${id}`);
    expect(all(await say(officer, CANARY_TEXT))).to.contain('unterwegs');
    expect((await invoke(session, coordinator, 'escalation.ask', { caseId: id, version: await version(), question: CANARY_NAME })).status).to.equal(200);
    expect((await invoke(session, officer, 'escalation.answer', { caseId: id, version: await version(), answer: CANARY_TEXT })).status).to.equal(200);
    expect((await invoke(session, coordinator, 'escalation.resolve', { caseId: id, version: await version(), note: CANARY_TEXT })).status).to.equal(200);
    const thread = (await caseOf(id)).thread.map((e: { text?: string }) => e.text ?? '').join('\n');
    expect(thread.match(/\[Name\]/g), 'every thread text kept its placeholder').to.have.length.of.at.least(5);

    // A second case goes to a unit whose chat is unreachable: its row stays in the outbox with the payload.
    for (const text of ['eskalation', 'Radikalisierung', 'dringend', CANARY_TEXT, 'ohne', 'senden']) await say(officer, text);
    await until(async () => Object.values((await readJson(bot.dataDir, 'delivery.json')).rows ?? {}).some((r: any) => r.status === 'pending' && r.attempts > 0), 'a failed delivery');
  });

  it('interpreter requests: dialect, place and the organiser\'s fields refuse the canary', async () => {
    expect(all(await say(officer, 'Dolmetscher Arabisch morgen 10 Uhr'))).to.contain('Wie lange');
    await say(officer, '1 Stunde');
    await say(officer, 'Video');
    await say(officer, 'Zugangsgespräch');
    let summary: Received[] = [];
    const leave: Record<string, string> = { Dialekt: 'keiner', Ort: 'standard', Aktenzeichen: 'ohne' };
    for (const field of Object.keys(leave)) {
      await say(officer, 'ändern');
      await say(officer, field);
      for (const text of [CANARY_NAME, CANARY_TEXT]) expect(all(await say(officer, text)), `${field}: ${text}`).to.match(REFUSED);
      await expectStoredClean(session, `while the request dialog asks again for ${field}`);
      summary = await say(officer, leave[field]!);
    }
    const sent = await client.send(officer, { text: undefined, value: button(summary, (_d, title) => title === 'Absenden').data });
    const id = /DOL-\d{4}-\d{4}/.exec(all(sent.replies))![0];

    const card = await connector.waitFor((r) => r.conversationId === client.conversationId(organiser) && !isTurnReply(client, r) && textOf(r).includes(id), 15000);
    const confirm = button([card], (d) => d.dol?.r === id && d.cmd !== undefined && JSON.stringify(d).includes('"v"'));
    const base = { ...confirm.data };
    for (const fields of [{ dolInterpreter: CANARY_NAME }, { dolInterpreter: `Dolmetschdienst, ${CANARY_TEXT}` }, { dolInterpreter: 'Videodolmetschdienst Beispiel', dolNote: CANARY_NAME }]) {
      const refused = await invoke(session, organiser, 'interpreter.confirm', { ...base, ...fields });
      expect(refused.text, JSON.stringify(fields)).to.contain('nicht übernehmen');
    }
    expect((await readJson(bot.dataDir, 'interpreters.json')).requests[id].status, 'nothing stored').to.equal('angefragt');
    const declined = await invoke(session, organiser, 'interpreter.decline', { ...base, dolNote: CANARY_TEXT });
    expect(declined.text).to.contain('nicht übernehmen');
    const ok = await invoke(session, organiser, 'interpreter.confirm', { ...base, dolInterpreter: 'Videodolmetschdienst Beispiel', dolNote: 'Treffpunkt Pforte' });
    expect(ok.text).to.contain('Bestätigt');
  });

  it('checklists: case reference, step note and skip reason refuse the canary', async () => {
    const list = await say(officer, 'checkliste');
    const started = await client.send(officer, { text: undefined, value: button(list, (d) => d.checklist?.a === 'start' && d.checklist?.t === 'zugangsgespraech').data });
    expect(all(started.replies)).to.contain('pseudonymes Aktenzeichen');
    expect(all(await say(officer, CANARY_NAME))).to.contain('Namen');
    await say(officer, '123/24');
    const step = await say(officer, 'keine');
    for (const action of ['note', 'skip']) {
      const asked = await client.send(officer, { text: undefined, value: button(step, (d) => d.checklist?.a === action).data });
      expect(asked.replies.length).to.be.greaterThan(0);
      expect(all(await say(officer, CANARY_NAME)), `${action}: bare name`).to.contain('Namen');
      expect(all(await say(officer, CANARY_TEXT)), `${action}: all four`).to.match(REFUSED);
      await expectStoredClean(session, `while the checklist asks again (${action})`);
      await say(officer, action === 'note' ? 'Sozialdienst informiert' : 'Nicht zutreffend');
    }
    const runs = Object.values((await readJson(bot.dataDir, 'checklists.json')).runs) as any[];
    expect(JSON.stringify(runs)).to.contain('Sozialdienst informiert').and.contain('Nicht zutreffend');
  });

  it('afterwards: the canary is nowhere — DATA_DIR, logs, proactive payloads, the undelivered outbox row', async () => {
    await outboxSettled(session, [unreachable.aadObjectId]);
    const result = await scan(session);
    expect(result.sent, 'proactive payloads were checked').to.contain('[Name]');
    expectNoCanary(result);
    const rows = Object.values((await readJson(bot.dataDir, 'delivery.json')).rows) as any[];
    const stuck = rows.filter((r) => r.status !== 'sent' && r.payload);
    expect(stuck.length, 'an undelivered row with its payload').to.be.greaterThan(0);
    expect(JSON.stringify(stuck.map((r) => r.payload))).to.contain('[Name]');
  });
});
