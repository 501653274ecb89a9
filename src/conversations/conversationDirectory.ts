// Where each user (or a team channel, under a key such as "inbox:kfi") can be reached proactively,
// and the display name a user's client sent at their last 1:1 activity (so cards show a name, never
// an id). Refreshed from every incoming 1:1 activity, written only when something changed (so an
// ordinary turn costs no store write). Listeners hear every refresh, changed or not: the outbox
// revives a target it had marked dead once that conversation shows signs of life again.
import type { DocumentStore } from '../store/documentStore.js';
import type { MainData } from '../store/mainStore.js';
import { DISPLAY_NAME_MAX, type ConversationRecord } from './types.js';

export type ConversationAddress = Omit<ConversationRecord, 'updatedAt' | 'name'>;
export type RememberListener = (key: string, record: ConversationRecord, changed: boolean) => void | Promise<void>;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e]/g;

/** A display name as sent by a client: control characters out, trimmed, capped; none when it is only the id. */
export function cleanDisplayName(name: string | undefined, ...ids: (string | undefined)[]): string | undefined {
  const clean = (name ?? '').replace(CONTROL, '').trim();
  if (!clean || ids.includes(clean)) return undefined;
  return clean.length > DISPLAY_NAME_MAX ? `${clean.slice(0, DISPLAY_NAME_MAX - 1)}…` : clean;
}

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

  /** The display name captured at the user's last 1:1 activity, if their client sent one. */
  nameOf(userKey: string): string | undefined {
    return this.get(userKey)?.name;
  }

  /**
   * Stores the address under `key` (a user key, or a conversation key such as "inbox:kfi") and, for a
   * user, the display name their client sent (a name that is just their id does not count).
   */
  async remember(key: string, address: ConversationAddress, displayName?: string): Promise<void> {
    if (key === '__proto__') return; // would replace the map's prototype instead of adding an entry
    const known = this.get(key);
    const name = cleanDisplayName(displayName, key, address.userId) ?? known?.name;
    const changed = !known || !sameAddress(known, address) || known.name !== name;
    const record: ConversationRecord = known && !changed ? known : { ...address, ...(name ? { name } : {}), updatedAt: this.now().toISOString() };
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
