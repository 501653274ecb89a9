// Where each user can be reached proactively. Refreshed from every incoming 1:1 activity, written
// only when something changed (so an ordinary turn costs no store write).
import type { JsonStore } from '../store/jsonStore.js';
import type { MainData } from '../store/mainStore.js';
import type { ConversationRecord } from './types.js';

export type ConversationAddress = Omit<ConversationRecord, 'updatedAt'>;

export class ConversationDirectory {
  constructor(
    private readonly store: JsonStore<MainData>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get(userKey: string): ConversationRecord | undefined {
    return this.store.data.conversations[userKey];
  }

  async remember(userKey: string, address: ConversationAddress): Promise<void> {
    const known = this.store.data.conversations[userKey];
    if (known && sameAddress(known, address)) return;
    const record: ConversationRecord = { ...address, updatedAt: this.now().toISOString() };
    await this.store.commit((draft) => {
      draft.conversations[userKey] = record;
    });
  }
}

function sameAddress(a: ConversationAddress, b: ConversationAddress): boolean {
  const keys: (keyof ConversationAddress)[] = ['channelId', 'serviceUrl', 'conversationId', 'conversationType', 'tenantId', 'botId', 'userId', 'locale'];
  return keys.every((k) => a[k] === b[k]);
}
