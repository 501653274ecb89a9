// Several console users in one process on one store: one of them is active (types, sees replies),
// the others keep what the bot sends them until they become active (`/als <id>`). Proactive
// messages are labelled with the user they are for. Buttons are numbered per user.
import type { Activity, AdaptiveCardInvokeResponse, InvokeResponse } from 'botbuilder';
import type { Translate } from '../../src/i18n/i18n.js';
import { renderPlain, type PlainButton, type PlainSubmit } from '../../src/cards/plainText.js';
import { ConsoleForm } from './consoleForm.js';

/** Runs one activity through the adapter and the bot; an invoke resolves to the bot's invoke response. */
export type RunTurn = (activity: Partial<Activity>) => Promise<InvokeResponse | undefined>;

export interface ConsoleChatOptions {
  users: string[];
  locale: string;
  t: Translate;
  run: RunTurn;
  /** One line of chat output (stdout). */
  write(line: string): void;
}

interface Shown {
  activity: Partial<Activity>;
  proactive: boolean;
}

interface ConsoleUser {
  id: string;
  pending: Shown[];
  buttons: PlainButton[];
}

const SWITCH = /^\/(als|as)(?:\s+(\S{1,100}))?\s*$/i;
const CARD = 'application/vnd.microsoft.card.adaptive';

export class ConsoleChat {
  private readonly users = new Map<string, ConsoleUser>();
  private activeId: string;
  private form?: ConsoleForm;
  /** Proactive output that arrives during a turn waits until the turn's replies are shown. */
  private inTurn = false;
  private readonly afterTurn: (() => void)[] = [];

  constructor(private readonly o: ConsoleChatOptions) {
    this.activeId = o.users[0]!;
    for (const id of o.users) this.users.set(id, { id, pending: [], buttons: [] });
  }

  get active(): string {
    return this.activeId;
  }

  conversationOf(userId: string): string {
    return `console:${userId}`;
  }

  /** Greets every user once, so the bot knows each conversation; only the active user's greeting is shown now. */
  async start(): Promise<void> {
    for (const id of this.users.keys()) await this.welcome(id);
  }

  /** A reply (in a turn) or a proactive message for a console conversation. */
  receive(activity: Partial<Activity>, conversationId: string, proactive: boolean): void {
    if (proactive && this.inTurn) {
      this.afterTurn.push(() => this.receive(activity, conversationId, proactive));
      return;
    }
    const user = [...this.users.values()].find((u) => this.conversationOf(u.id) === conversationId);
    if (!user) return;
    if (user.id === this.activeId) return this.show(user, { activity, proactive });
    user.pending.push({ activity, proactive });
    const unseen = user.pending.filter((p) => p.proactive).length;
    if (proactive && unseen === 1) this.o.write(this.o.t('console.pending', { user: user.id }));
  }

  /** One typed line: a form answer, a user switch, a button number or a message. */
  async handle(line: string): Promise<void> {
    await this.handleLine(line.trim());
    this.flush();
  }

  private async handleLine(text: string): Promise<void> {
    if (this.form) return this.answerForm(text);
    const switchTo = SWITCH.exec(text);
    if (switchTo) return switchTo[2] ? this.switchTo(switchTo[2]) : this.listUsers();
    const user = this.users.get(this.activeId)!;
    if (/^\d{1,3}$/.test(text) && user.buttons.length > 0) return this.press(user, Number(text));
    await this.send({ type: 'message', text });
  }

  private show(user: ConsoleUser, shown: Shown): void {
    const { lines, buttons } = renderPlain(shown.activity as Record<string, unknown>);
    const prefix = shown.proactive ? `→ ${user.id}:` : 'bot>';
    for (const line of lines) this.o.write(`${prefix} ${String(line).replace(/\n/g, `\n${prefix} `)}`);
    this.listButtons(user, buttons);
  }

  private listButtons(user: ConsoleUser, buttons: PlainButton[]): void {
    buttons.forEach((b, i) => this.o.write(`     [${user.buttons.length + i + 1}] ${b.title}`));
    user.buttons = [...user.buttons, ...buttons];
  }

  private async welcome(id: string): Promise<void> {
    await this.o.run({ ...this.base(id), type: 'conversationUpdate', membersAdded: [{ id: 'integrationslotse', name: 'Integrationslotse' }] });
  }

  private async switchTo(id: string): Promise<void> {
    const known = this.users.has(id);
    if (!known) this.users.set(id, { id, pending: [], buttons: [] });
    this.activeId = id;
    const user = this.users.get(id)!;
    this.o.write(this.o.t('console.switched', { user: id }));
    if (!known) await this.welcome(id);
    const pending = user.pending.splice(0);
    if (pending.length > 0) user.buttons = [];
    for (const shown of pending) this.show(user, shown);
  }

  private listUsers(): void {
    this.o.write(this.o.t('console.users', { users: [...this.users.keys()].join(', '), active: this.activeId }));
  }

  private async press(user: ConsoleUser, number: number): Promise<void> {
    const button = user.buttons[number - 1];
    if (!button) return this.o.write(this.o.t('console.noButton', { number, count: user.buttons.length }));
    if (button.form) return this.open(user, button);
    if (button.inputs?.length) return this.startForm(button);
    await this.submit(button, {});
  }

  /** A sub-form (Action.ShowCard): its text; a single button with fields is filled at once, otherwise its buttons are offered. */
  private async open(user: ConsoleUser, button: PlainButton): Promise<void> {
    const { lines, buttons } = button.form!;
    for (const line of lines) this.o.write(`bot> ${line}`);
    const only = buttons.length === 1 ? buttons[0]! : undefined;
    if (only?.inputs?.length) return this.startForm({ ...only, title: button.title.replace(/\s*…$/, '') });
    user.buttons = [];
    this.listButtons(user, buttons);
  }

  private startForm(button: PlainButton): void {
    this.form = new ConsoleForm(button, this.o.t);
    const step = this.form.start();
    if (step.kind === 'ask') for (const line of step.lines) this.o.write(line);
  }

  private async answerForm(text: string): Promise<void> {
    const form = this.form!;
    const step = form.answer(text);
    if (step.kind !== 'done') {
      if (step.kind === 'cancelled') this.form = undefined;
      for (const line of step.lines) this.o.write(line);
      return;
    }
    this.form = undefined;
    await this.submit(form.button, step.values);
  }

  /** What a pressed button sends, the way Teams sends it: text, a submit value, or an Action.Execute invoke. */
  private async submit(button: PlainSubmit, values: Record<string, string>): Promise<void> {
    const data = { ...button.value, ...values };
    if (button.text !== undefined || !button.verb) {
      await this.send(button.text !== undefined ? { type: 'message', text: button.text } : { type: 'message', value: data });
      return;
    }
    const response = await this.send({ type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: button.verb, data }, trigger: 'manual' } });
    this.showInvokeResult(response);
  }

  /** The card Teams would put in place of the old one, or the reason the action failed. */
  private showInvokeResult(response: InvokeResponse | undefined): void {
    const body = response?.body as AdaptiveCardInvokeResponse | undefined;
    const user = this.users.get(this.activeId)!;
    if (body?.type === CARD) return this.show(user, { activity: { attachments: [{ contentType: CARD, content: body.value }] }, proactive: false });
    if (body?.type === 'application/vnd.microsoft.activity.message') return this.show(user, { activity: { text: String(body.value) }, proactive: false });
    const message = (body?.value as { message?: unknown } | undefined)?.message;
    const failed = !response || response.status >= 400 || (body?.statusCode ?? 200) >= 400;
    if (failed) this.o.write(`bot> ${this.o.t('console.actionFailed', { reason: typeof message === 'string' ? message : String(response?.status ?? '–') })}`);
  }

  private async send(fields: Partial<Activity>): Promise<InvokeResponse | undefined> {
    this.users.get(this.activeId)!.buttons = [];
    return this.turn(() => this.o.run({ ...this.base(this.activeId), ...fields }));
  }

  private async turn<T>(run: () => Promise<T>): Promise<T> {
    this.inTurn = true;
    try {
      return await run();
    } finally {
      this.inTurn = false;
    }
  }

  /** Shows what arrived for anyone during the last turn (called once the turn's own output is shown). */
  flush(): void {
    for (const show of this.afterTurn.splice(0)) show();
  }

  private base(userId: string): Partial<Activity> {
    return {
      channelId: 'console',
      serviceUrl: 'console://local',
      from: { id: userId, name: userId },
      recipient: { id: 'integrationslotse', name: 'Integrationslotse' },
      conversation: { id: this.conversationOf(userId), conversationType: 'personal', isGroup: false, name: 'console' },
      locale: this.o.locale,
    };
  }
}
