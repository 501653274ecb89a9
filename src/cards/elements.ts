// Adaptive Card 1.5 building blocks. Cards are plain JSON built by pure functions (no botbuilder here).
// User-supplied text goes only into RichTextBlock/TextRun, which Teams renders without Markdown, so a
// "[click](https://evil)" in a case summary stays literal; it is also stripped of control characters and capped.

export type CardElement = Record<string, unknown>;
export type CardAction = Record<string, unknown>;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  body: CardElement[];
  actions?: CardAction[];
  refresh?: Record<string, unknown>;
  msteams?: Record<string, unknown>;
}

export const USER_TEXT_MAX = 1500;

export function card(body: CardElement[], actions: CardAction[] = []): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(actions.length ? { actions } : {}),
    msteams: { width: 'Full' },
  };
}

/** Our own (trusted, localized) text. Never pass user input here: TextBlock renders Markdown. */
export function heading(text: string): CardElement {
  return { type: 'TextBlock', text, weight: 'Bolder', size: 'Medium', wrap: true, style: 'heading' };
}

export function paragraph(text: string, opts: { subtle?: boolean; small?: boolean } = {}): CardElement {
  return {
    type: 'TextBlock',
    text,
    wrap: true,
    ...(opts.subtle ? { isSubtle: true } : {}),
    ...(opts.small ? { size: 'Small' } : {}),
  };
}

/** Control characters out (except newline/tab), length capped with an ellipsis. */
export function cleanUserText(text: string, max = USER_TEXT_MAX): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\u202a-\u202e]/g, '').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** User-supplied text, shown literally (TextRun has no Markdown). */
/** One line of literal text, optionally after a bold label of our own. */
export function line(value: string, opts: { label?: string; bold?: boolean; subtle?: boolean; small?: boolean; attention?: boolean; max?: number } = {}): CardElement {
  const run = (text: string, extra: Record<string, unknown> = {}) => ({
    type: 'TextRun',
    text,
    ...(opts.subtle ? { isSubtle: true } : {}),
    ...(opts.small ? { size: 'Small' } : {}),
    ...(opts.attention ? { color: 'Attention' } : {}),
    ...extra,
  });
  return {
    type: 'RichTextBlock',
    inlines: [...(opts.label ? [run(opts.label, { weight: 'Bolder' })] : []), run(cleanUserText(value, opts.max ?? 500), opts.bold ? { weight: 'Bolder' } : {})],
  };
}

export function userText(text: string, max = USER_TEXT_MAX): CardElement {
  return { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: cleanUserText(text, max) }] };
}

/** Label/value pairs of our own text (FactSet renders Markdown, so values must be trusted or pre-cleaned ids). */
export function facts(pairs: [string, string][]): CardElement {
  return { type: 'FactSet', facts: pairs.map(([title, value]) => ({ title, value })) };
}

/**
 * A button that sends a command as if typed. Teams posts `value` as the user's message (imBack);
 * other channels (Emulator, console chat) send the data object, read back by the router as `cmd`.
 */
export function commandButton(title: string, command: string): CardAction {
  return { type: 'Action.Submit', title, data: { cmd: command, msteams: { type: 'imBack', value: command } } };
}
