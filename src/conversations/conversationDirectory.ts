// Where each user (or a team channel, under a key such as "inbox:kfi") can be reached proactively.
// Refreshed from every incoming 1:1 activity, written only when something changed (so an ordinary
// turn costs no store write). Listeners hear every refresh, changed or not: the outbox revives a
// target it had marked dead once that conversation shows signs of life again.
import type { DocumentStore } from '../store/documentStore.js';
import type { MainData } from '../store/mainStore.js';
import type { ConversationRecord } from './types.js';

export type ConversationAddress = Omit<ConversationRecord, 'updatedAt'>;
export type RememberListener = (key: string, record: ConversationRecord, changed: boolean) => void | Promise<void>;

export class ConversationDirectory {
  constructor(
    private readonly store: DocumentStore<MainData>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private readonly listeners: RememberListener[] = [];

  /** Called after every remember (awaited; a listener handles its own errors). */
  onRemember(listener: RememberListener): void {
    this.listeners.push(listener);
  }

  /** The record stored under a user key or a conversation key (own keys only: "toString" is no address). */
  get(key: string): ConversationRecord | undefined {
    const all = this.store.data.conversations;
    return Object.hasOwn(all, key) ? all[key] : undefined;
  }

  /** Stores the address under `key` (a user key, or a conversation key such as "inbox:kfi"). */
  async remember(key: string, address: ConversationAddress): Promise<void> {
    if (key === '__proto__') return; // would replace the map's prototype instead of adding an entry
    const known = this.get(key);
    const changed = !known || !sameAddress(known, address);
    const record: ConversationRecord = known && !changed ? known : { ...address, updatedAt: this.now().toISOString() };
    if (changed) {
      await this.store.commit((draft) => {
        draft.conversations[key] = record;
      });
    }
    for (const listener of this.listeners) await listener(key, record, changed);
  }
}

function sameAddress(a: ConversationAddress, b: ConversationAddress): boolean {
  const keys: (keyof ConversationAddress)[] = ['channelId', 'serviceUrl', 'conversationId', 'conversationType', 'tenantId', 'botId', 'userId', 'locale'];
  return keys.every((k) => a[k] === b[k]);
}
