// Issue 12 item 3 over real HTTP: after a restart, an open checklist no longer swallows other
// capabilities' commands — they run, the checklist is paused, and "weiter" brings it back.
import { expect } from 'chai';
import { textOf, type TestUser } from './harness/botClient.js';
import { tempDir } from './harness/botProcess.js';
import { useBot } from './harness/useBot.js';

const officer: TestUser = { aadObjectId: 'demo-officer-jva', locale: 'de-DE' };

describe('newcomer: commands from inside an open checklist, across a restart (HTTP)', function () {
  this.timeout(60000);
  const { bot, client, restart } = useBot({ dataDir: tempDir('lotse-newcomer-e2e-') });
  const say = async (text: string) => (await client.say(officer, text)).replies.map(textOf);

  it('"meine eskalationen" and "wer bin ich" run; the checklist waits and resumes at its step', async () => {
    await say('checkliste neu');
    await say('Krisenintervention');
    await say('BN 4711-2026');
    const step = (await say('keine')).join('\n');
    expect(step).to.contain('Schritt 1 von 7');
    await bot.stop();
    await restart();

    const mine = await say('meine eskalationen');
    expect(mine[0]).to.contain('„Checklisten“ ist pausiert').and.contain('„weiter“');
    expect(mine.slice(1).join('\n')).not.to.contain('Bitte nutzen Sie die Schaltflächen');
    expect(mine.slice(1).join('\n')).to.match(/Eskalation/);
    const whoami = await say('wer bin ich');
    expect(whoami.join('\n')).to.contain('Ihre Kennung: demo-officer-jva');
    const resumed = (await say('weiter')).join('\n');
    expect(resumed).to.contain('Weiter mit „Checklisten“').and.contain('Schritt 1 von 7');
  });
});
