// A top-level command typed inside a dialog: the dialog is paused (its stack put aside in the
// conversation state, nothing lost), the command runs, and "weiter" / "resume" brings the dialog back
// at the question it was on. One paused dialog per conversation; pausing another replaces it.
import type { Activity, ConversationState, StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { DialogInstance, DialogState } from 'botbuilder-dialogs';
import { redactOffline } from '../language/offlineRedact.js';
import { normalize } from '../text/normalize.js';

export const RESUME_PHRASES = ['weiter', 'fortsetzen', 'weitermachen', 'resume', 'continue'];

export interface PausedDialog {
  stack: DialogInstance[];
  /** What the dialog last asked, shown again on resume when the dialog cannot re-ask by itself. */
  prompt: Partial<Activity>[];
  /** The capability the dialog belongs to (its id), to name it when resuming. */
  capabilityId: string;
}

export function isResume(text: string): boolean {
  return RESUME_PHRASES.includes(normalize(text));
}

/** At most this many messages of the last turn are kept as the dialog's question. */
const PROMPT_MAX = 3;

export class DialogPause {
  private readonly paused: StatePropertyAccessor<PausedDialog | undefined>;
  private readonly lastPrompt: StatePropertyAccessor<Partial<Activity>[] | undefined>;

  constructor(
    conversationState: ConversationState,
    private readonly dialogState: StatePropertyAccessor<DialogState>,
  ) {
    this.paused = conversationState.createProperty<PausedDialog | undefined>('pausedDialog');
    this.lastPrompt = conversationState.createProperty<Partial<Activity>[] | undefined>('dialogPrompt');
  }

  /** Watches what a turn sends; call `afterTurn` when it is done. */
  watch(ctx: TurnContext): Partial<Activity>[] {
    const sent: Partial<Activity>[] = [];
    ctx.onSendActivities(async (_ctx, activities, next) => {
      for (const a of activities) if (a.type === 'message') sent.push(a);
      return next();
    });
    return sent;
  }

  /** Keeps the turn's messages as the active dialog's current question (or forgets it when no dialog is active). */
  async afterTurn(ctx: TurnContext, sent: Partial<Activity>[]): Promise<void> {
    const state = await this.dialogState.get(ctx, { dialogStack: [] });
    if (state.dialogStack.length === 0) return this.lastPrompt.delete(ctx);
    if (sent.length === 0) return;
    const keep = sent.slice(-PROMPT_MAX).map(({ type, text, attachments, suggestedActions, textFormat }) => ({ type, text, attachments, suggestedActions, textFormat }));
    const locale = ctx.activity.locale?.toLowerCase().startsWith('en') ? 'en' : 'de';
    await this.lastPrompt.set(ctx, redactTexts(JSON.parse(JSON.stringify(keep)), locale, new Date()) as Partial<Activity>[]);
  }

  /** Puts the active dialog stack aside; the caller then starts the command on an empty stack. */
  async pause(ctx: TurnContext, capabilityId: string): Promise<void> {
    const state = await this.dialogState.get(ctx, { dialogStack: [] });
    const prompt = (await this.lastPrompt.get(ctx)) ?? [];
    await this.paused.set(ctx, { stack: structuredClone(state.dialogStack), capabilityId, prompt });
    await this.lastPrompt.delete(ctx);
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

/**
 * The kept question is stored (state.json) until the next turn; a refusal in it may quote what the user
 * typed ("„…“ ist keine Rolle"), so every `text` in the messages and their cards is redacted (issue 10).
 */
export function redactTexts(node: unknown, locale: 'de' | 'en', now: Date): unknown {
  if (Array.isArray(node)) return node.map((n) => redactTexts(n, locale, now));
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] = key === 'text' && typeof value === 'string' ? redactOffline(value, locale, now).text : redactTexts(value, locale, now);
  }
  return out;
}
