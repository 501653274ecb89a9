// Where dialog state lives: botbuilder's ConversationState over the durable state file
// (DATA_DIR/state.json), or in memory for benchmarks that compare against it.
import path from 'node:path';
import { ConversationState, MemoryStorage } from 'botbuilder';
import type { Logger } from '../log/logger.js';
import { StoreStateStorage } from './stateStorage.js';

export type { ConversationState } from 'botbuilder';

export interface DialogState {
  conversationState: ConversationState;
  /** Flushes and closes the state file (nothing to do in memory). */
  close(): Promise<void>;
}

export async function openDialogState(dataDir: string, log: Logger, kind: 'file' | 'memory' = 'file'): Promise<DialogState> {
  if (kind === 'memory') return { conversationState: new ConversationState(new MemoryStorage()), close: async () => {} };
  const storage = await StoreStateStorage.open(path.join(dataDir, 'state.json'), log);
  return { conversationState: new ConversationState(storage), close: () => storage.close() };
}
