// Issue 12 item 5 end to end over HTTP: coordinators see who sent a case (the officer's Teams name,
// captured at their last activity) and how to reach the requesting JVA (its integration contact from
// the directory); everyone sees coordinators by roster name, Teams name or a neutral word. No user id
// appears in any text the bot sends: cards, summaries, suggested actions, card-action responses.
import { expect } from 'chai';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TENANT, textOf, type TestUser } from './harness/botClient.js';
import { tempDir } from './harness/botProcess.js';
import { useBot } from './harness/useBot.js';

// Fictional people; the officer and one coordinator have no name in the roster.
const OFFICER_ID = 'esk-names-officer';
const NAMED_ID = 'esk-names-coord-a';
const SILENT_ID = 'esk-names-coord-b';
const ROSTER = [
  { id: OFFICER_ID, role: 'officer', institutionId: 'jva-koeln' },
  { id: NAMED_ID, role: 'coordinator', unitId: 'koordinierungsstelle', name: 'Koordination A (Beispiel)' },
  { id: SILENT_ID, role: 'coordinator', unitId: 'koordinierungsstelle' },
];
const OFFICER_TEAMS_NAME = 'Kim Testperson (Beispiel)';
const officer: TestUser = { aadObjectId: OFFICER_ID };
const coordinator: TestUser = { aadObjectId: NAMED_ID };

/**
 * Text a user can see in what the bot sent: message text, card texts, titles and fact values, and the
 * values of suggested actions (an imBack writes its value into the chat). Hidden input values and
 * Action.Execute data are not shown to anyone.
 */
function shownText(node: unknown, parts: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => shownText(n, parts));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    for (const key of ['text', 'title', 'summary', 'label', 'placeholder']) if (typeof o[key] === 'string') parts.push(o[key] as string);
    if (o.type === 'imBack' && typeof o.value === 'string') parts.push(o.value);
    for (const [key, v] of Object.entries(o)) {
      if (key === 'data' || key === 'choices' || key === 'recipient' || key === 'from' || key === 'conversation') continue;
      if (key === 'facts' && Array.isArray(v)) for (const f of v as { value?: unknown }[]) if (typeof f.value === 'string') parts.push(f.value);
      if (typeof v === 'object') shownText(v, parts);
    }
  }
  return parts;
}

describe('escalations: names and the institution contact, never an id (HTTP e2e)', function () {
  this.timeout(90000);
  const dataDir = tempDir('lotse-esk-names-');
  const rosterFile = path.join(dataDir, '..', `roster-${path.basename(dataDir)}.json`);
  before(async () => {
    await writeFile(rosterFile, JSON.stringify(ROSTER));
  });
  const { connector, client } = useBot({ dataDir, env: { ROSTER_FILE: rosterFile } });
  const conv = (u: TestUser) => client.conversationId(u);
  // Every message of the officer carries the name Teams shows for them.
  const officerSays = (text: string) =>
    client.send(officer, { text, from: { id: `29:${OFFICER_ID}`, aadObjectId: OFFICER_ID, name: OFFICER_TEAMS_NAME } });
  const invoke = async (user: TestUser, verb: string, data: Record<string, unknown>) => {
    const res = await client.send(user, { type: 'invoke', name: 'adaptiveCard/action', text: undefined, value: { action: { type: 'Action.Execute', verb, data } } });
    return JSON.parse(res.body) as Record<string, unknown>;
  };

  it('shows the officer by Teams name with the JVA contact, coordinators by name or a neutral word, and no id anywhere', async () => {
    const invokeBodies: unknown[] = [];
    // The named coordinator talks to the bot first; their client sends only their id as name (as the Emulator does).
    await client.send(coordinator, { text: 'hilfe', from: { id: `29:${NAMED_ID}`, aadObjectId: NAMED_ID, name: `29:${NAMED_ID}` } });

    await officerSays('eskalation');
    await officerSays('Krisenintervention');
    await officerSays('dringend');
    await officerSays('Die Lage auf der Station ist angespannt; bitte Beratung zum weiteren Vorgehen.');
    await officerSays('ohne');
    const sent = (await officerSays('senden')).replies.map(textOf).join('\n');
    const id = /ESK-\d{4}-0001/.exec(sent)?.[0];
    expect(id, sent).to.be.a('string');

    // ---- The coordinator's case card: who sent it, from where, and how to reach that JVA. ----
    const card = await connector.waitFor((r) => r.conversationId === conv(coordinator) && r.method === 'POST' && textOf(r).includes(id!));
    const cardText = shownText(card.body).join('\n');
    expect(cardText).to.contain('Gemeldet von').and.contain(`${OFFICER_TEAMS_NAME} (JVA Köln)`);
    expect(cardText).to.contain('Kontakt der Dienststelle: ');
    expect(cardText, 'the JVA\'s integration contact from the directory').to.contain('Integrationsbeauftragte/r der JVA Köln').and.contain('integration.jva-koeln@example.org');

    // ---- Taken by the named coordinator: the officer sees the roster name. ----
    invokeBodies.push(await invoke(coordinator, 'escalation.take', { caseId: id, version: 1, cmd: `eingang ${id} übernehmen` }));
    const taken = await connector.waitFor((r) => r.conversationId === conv(officer) && r.method === 'POST' && textOf(r).includes('übernommen'));
    expect(textOf(taken)).to.contain('Koordinierungsstelle');
    const mine = (await officerSays(`meine eskalationen ${id}`)).replies.map(textOf).join('\n');
    expect(mine).to.match(/Bearbeitung: \s*Koordination A \(Beispiel\)/);

    // ---- Assigning by the typed list: buttons carry names, the silent coordinator a neutral word. ----
    const choose = await client.say(coordinator, `eingang ${id} zuweisen`);
    const buttons = choose.replies.flatMap((r) => (r.body.suggestedActions?.actions ?? []) as { title: string; value: string }[]);
    expect(buttons.map((b) => b.title)).to.deep.equal(['Koordinierende Person 2']);
    const assigned = (await client.say(coordinator, buttons[0]!.value)).replies.map(textOf).join('\n');
    expect(assigned).to.contain(`${id} ist jetzt einer koordinierenden Person zugewiesen.`);
    const again = (await officerSays(`meine eskalationen ${id}`)).replies.map(textOf).join('\n');
    expect(again).to.match(/Bearbeitung: \s*eine koordinierende Person/);
    invokeBodies.push(await invoke(coordinator, 'escalation.refresh', { caseId: id }));

    // ---- No raw id in anything anyone was shown. ----
    const everything = [...connector.received.map((r) => r.body), ...invokeBodies].flatMap((b) => shownText(b)).join('\n');
    expect(everything).to.contain(OFFICER_TEAMS_NAME);
    for (const raw of [OFFICER_ID, NAMED_ID, SILENT_ID, TENANT]) expect(everything, raw).not.to.contain(raw);
  });
});
