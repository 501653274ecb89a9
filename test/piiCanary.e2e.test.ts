// Issue 10: a fictional name, phone, e-mail and birth date typed into free-text fields must not reach
// DATA_DIR, the logs or an outbox payload — only the redacted placeholder does.
import { expect } from 'chai';
import { useBot } from './harness/useBot.js';
import { storedText } from './harness/testStore.js';
import type { TestUser } from './harness/botClient.js';

const officer: TestUser = { aadObjectId: 'demo-officer-jva' };
const CANARY = { name: 'Zoltan Qwertzberg', phone: '0176 5550123', mail: 'zq.canary@example.org', born: '03.04.1991' };
const TEXT = `Der Gefangene ${CANARY.name}, geb. ${CANARY.born}, Tel. ${CANARY.phone}, ${CANARY.mail}, braucht dringend Unterstützung.`;

describe('PII canary (HTTP, the real store)', function () {
  this.timeout(60000);
  const { bot, client, connector } = useBot();

  it('keeps the canary out of DATA_DIR, the logs and every proactive (outbox) payload', async () => {
    await client.say({ aadObjectId: 'demo-coordinator' }, 'hilfe'); // the coordinator is reachable
    for (const text of ['eskalation', 'Krisenintervention', 'normal', TEXT, 'ohne', 'senden']) await client.say(officer, text);
    for (const text of ['frage ' + TEXT]) await client.say(officer, text);
    for (const text of [TEXT, 'Wer ist zuständig für Seelsorge? ' + TEXT]) await client.say(officer, text);
    await new Promise((r) => setTimeout(r, 1500)); // let the outbox send what the turns queued
    const stored = await storedText(bot.dataDir);
    const logs = JSON.stringify(bot.logs) + bot.stderr();
    // Proactive sends (outbox) go to other conversations — the coordinators'; replies in the officer's own chat
    // may show the officer what they typed before it is confirmed, and are not stored.
    const proactive = connector.received.filter((r) => r.conversationId !== client.conversationId(officer));
    expect(proactive.length, 'the coordinators were notified').to.be.greaterThan(0);
    const sent = JSON.stringify(proactive.map((r) => r.body));
    expect(stored).to.contain('ESK-'); // the case exists: the canary was typed into a stored field
    for (const [kind, value] of Object.entries(CANARY)) {
      expect(stored, `${kind} in DATA_DIR`).not.to.contain(value);
      expect(logs, `${kind} in the logs`).not.to.contain(value);
      expect(sent, `${kind} in a payload`).not.to.contain(value);
    }
  });
});
