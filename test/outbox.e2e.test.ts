// The outbox wired into the real server (child process): rows left by one run are delivered by the
// next through the CloudAdapter to the fake connector; a tampered stored address is never contacted.
import { expect } from 'chai';
import path from 'node:path';
import { ConversationDirectory } from '../src/conversations/conversationDirectory.js';
import { silentLogger } from '../src/log/logger.js';
import { DELIVERY_FILE, openDelivery } from '../src/outbox/delivery.js';
import { DeliveryError } from '../src/outbox/types.js';
import { systemClock } from '../src/time/clock.js';
import { openMainStore } from '../src/store/mainStore.js';
import type { TestUser } from './harness/botClient.js';
import { tempDir } from './harness/botProcess.js';
import { useBot } from './harness/useBot.js';
import { readAuditEntries, readStoreData, withStores } from './harness/testStore.js';

const user: TestUser = { aadObjectId: '0f0f0f0f-0000-4000-8000-0000000000b1' };

async function until(check: () => boolean, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('outbox end to end (real server, fake connector)', function () {
  this.timeout(30000);
  const dataDir = tempDir('lotse-outbox-e2e-');
  const { connector, bot, client, restart } = useBot({ dataDir });

  it('delivers rows a previous run left pending, refuses a tampered address, and stops cleanly', async () => {
    expect((await client.say(user, 'hilfe')).status).to.equal(200); // the bot remembers where the user is
    expect(await bot.stop()).to.equal(0);

    // While the server is down, a capability enqueued a reminder; and someone tampered with a stored address.
    await withStores(dataDir, async (openAudit) => {
      const store = await openMainStore(path.join(dataDir, 'store.json'));
      const conversations = new ConversationDirectory(store);
      await conversations.remember('inbox:tampered', {
        channelId: 'msteams', serviceUrl: 'https://evil.example/', conversationId: '19:tampered@thread.tacv2', botId: '28:integrationslotse',
      });
      const audit = await openAudit();
      const never = () => Promise.reject(new DeliveryError('not in this process'));
      const offline = await openDelivery({
        file: path.join(dataDir, DELIVERY_FILE), conversations, port: { send: never, update: never }, clock: systemClock,
        log: silentLogger, audit, allowedServiceHosts: [],
      });
      await offline.notifier.enqueue([
        { key: 'e2e:reminder', target: { userKey: user.aadObjectId }, payload: { text: 'Erinnerung: Frist heute' } },
        { key: 'e2e:tampered', target: { conversationKey: 'inbox:tampered' }, payload: { text: 'an niemanden' } },
      ]);
      await offline.close();
      await store.close();
      await audit.close();
    });
    connector.clear();

    await restart();
    const delivered = await connector.waitFor((r) => r.body?.text === 'Erinnerung: Frist heute');
    expect(delivered.conversationId).to.equal(client.conversationId(user));
    await until(() => bot.logs.some((l) => l.event === 'outbox.refused'));
    expect(await bot.stop()).to.equal(0);

    expect(connector.messages(client.conversationId(user)), 'exactly once').to.have.length(1);
    const refused = bot.logs.find((l) => l.event === 'outbox.refused')!;
    expect(refused).to.include({ security: true, key: 'e2e:tampered', host: 'evil.example' });
    expect(JSON.stringify(bot.logs), 'no message text in the logs').not.to.contain('Frist heute');
    const delivery = await readStoreData(dataDir, DELIVERY_FILE);
    expect(delivery?.rows['e2e:reminder']).to.include({ status: 'sent', attempts: 1 });
    expect(delivery?.rows['e2e:tampered']).to.include({ status: 'dead', lastError: 'host_refused' });
    const auditLines = await readAuditEntries(dataDir);
    expect(auditLines.some((e) => e.action === 'outbox.refused' && e.record === 'e2e:tampered')).to.equal(true);
  });
});
