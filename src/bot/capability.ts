// A capability = its command phrases (commands.ts), its dialogs, and how it starts.
import type { Dialog, DialogContext } from 'botbuilder-dialogs';
import type { CommandSpec } from './commands.js';

export interface Capability extends CommandSpec {
  /** Dialogs to register in the bot's dialog set. */
  dialogs?: Dialog[];
  /** Starts the capability with the text that followed its command phrase. */
  start(dc: DialogContext, args: string): Promise<unknown>;
  /** Optional free-text recognizer: "Ich brauche einen Dolmetscher …" starts a capability without its command word. */
  recognizes?(text: string): boolean;
}
