// A top-level command typed inside a dialog: the dialog is paused (its stack put aside in the
// conversation state, nothing lost), the command runs, and "weiter" / "resume" brings the dialog back
// at the question it was on. One paused dialog per conversation; pausing another replaces it.
import type { ConversationState, StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { DialogInstance, DialogState } from 'botbuilder-dialogs';
import { normalize } from '../text/normalize.js';

export const RESUME_PHRASES = ['weiter', 'fortsetzen', 'weitermachen', 'resume', 'continue'];

export interface PausedDialog {
  stack: DialogInstance[];
  /** The capability the dialog belongs to (its id), to name it when resuming. */
  capabilityId: string;
}

export function isResume(text: string): boolean {
  return RESUME_PHRASES.includes(normalize(text));
}

export class DialogPause {
  private readonly paused: StatePropertyAccessor<PausedDialog | undefined>;

  constructor(
    conversationState: ConversationState,
    private readonly dialogState: StatePropertyAccessor<DialogState>,
  ) {
    this.paused = conversationState.createProperty<PausedDialog | undefined>('pausedDialog');
  }

  /** Puts the active dialog stack aside; the caller then starts the command on an empty stack. */
  async pause(ctx: TurnContext, capabilityId: string): Promise<void> {
    const state = await this.dialogState.get(ctx, { dialogStack: [] });
    await this.paused.set(ctx, { stack: structuredClone(state.dialogStack), capabilityId });
    state.dialogStack = [];
  }

  async current(ctx: TurnContext): Promise<PausedDialog | undefined> {
    return this.paused.get(ctx);
  }

  /** Puts the paused stack back (only onto an empty stack); the caller re-prompts it. */
  async resume(ctx: TurnContext): Promise<PausedDialog | undefined> {
    const paused = await this.paused.get(ctx);
    const state = await this.dialogState.get(ctx, { dialogStack: [] });
    if (!paused || state.dialogStack.length > 0) return undefined;
    state.dialogStack = paused.stack;
    await this.paused.delete(ctx);
    return paused;
  }

  async discard(ctx: TurnContext): Promise<boolean> {
    const had = (await this.paused.get(ctx)) !== undefined;
    await this.paused.delete(ctx);
    return had;
  }
}
