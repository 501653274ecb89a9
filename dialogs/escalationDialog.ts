// Escalations capability (issue 5).
//   Officers:      "eskalation" / "escalate" (guided: category → urgency → summary, redacted and
//                  confirmed → optional pseudonymous reference → "geht an: …" → send),
//                  "meine eskalationen" / "my escalations" [ESK-…], "antwort ESK-… <text>" / "answer …",
//                  "eskalation zurückziehen ESK-…" / "withdraw escalation ESK-…".
//   Coordinators:  "eingang" / "inbox" [ESK-… [übernehmen | zuweisen <id> | rückfrage <text> |
//                  erledigen <text> | wieder öffnen]] — and the Action.Execute buttons of the case card.
//   Admins:        "als eingang registrieren <Einheit>" / "register inbox <unit>" in a team channel,
//                  "zustellung" / "delivery" [wiederholen | reaktivieren <Ziel>] (openDeliveryModule).
// Card actions (adaptiveCard/action) are validated strictly, and identity, role, unit and version are
// re-checked on the server by the service's state machine; a refusal is audited.
import { towards, withPreposition } from '../src/institutions/grammar.js';
import { CardFactory, MessageFactory, type AdaptiveCardInvokeResponse, type TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { z } from 'zod';
import type { Capability, CapabilityContext, OpenCapabilityModule } from '../src/bot/capability.js';
import { channelAddressOf } from '../src/bot/address.js';
import { turnInfo, type TurnInfo } from '../src/bot/turn.js';
import {
  CARD_VERBS,
  categoryLabel,
  confirmCard,
  deliveryCard,
  listCard,
  REFRESH_VERB,
  TEXT_COMMANDS,
  urgencyLabel,
} from '../src/cards/escalationCards.js';
import type { BuiltCard } from '../src/cards/menuCard.js';
import type { MessageKey } from '../src/i18n/i18n.js';
import { normalize } from '../src/institutions/normalize.js';
import { resolvePlace } from '../src/roles/places.js';
import { loadRouting } from '../src/escalations/routing.js';
import { EscalationService, SLA_BREACH_KIND, SLA_REMINDER_KIND, type ActResult } from '../src/escalations/service.js';
import { openEscalationStore } from '../src/escalations/store.js';
import {
  CASE_ID_IN_TEXT,
  CATEGORIES,
  MESSAGE_MAX,
  SUMMARY_MAX,
  SUMMARY_MIN,
  caseIdSchema,
  type ActionInput,
  type Category,
  type Escalation,
  type Urgency,
} from '../src/escalations/types.js';
import type { Refusal } from '../src/escalations/stateMachine.js';

export const ESCALATE_DIALOG = 'escalation.new';
export const TEXT_DIALOG = 'escalation.text';

// Words compared after normalize() (lower case, umlauts folded, punctuation → space). Both languages always.
const CATEGORY_WORDS: Record<Category, string[]> = {
  radikalisierung: ['radikalisierung', 'extremismus', 'radikalisierung extremismus', 'radikalisierungsverdacht', 'radicalisation', 'radicalization', 'extremism', 'radicalisation extremism', 'radicalization extremism'],
  krisenintervention: ['krise', 'krisenintervention', 'crisis', 'crisis intervention'],
  auslaenderrecht: ['auslaenderrecht', 'auslaenderrechtliche frage', 'aufenthaltsrecht', 'aufenthalt', 'abschiebung', 'immigration law', 'immigration', 'residence law', 'residence', 'immigration question'],
  'religioese-betreuung': ['religion', 'religioese betreuung', 'seelsorge', 'religious care', 'chaplaincy', 'faith'],
  vollzugsalltag: ['konflikt', 'konflikt im vollzugsalltag', 'vollzugsalltag', 'conflict', 'conflict in daily prison life', 'daily prison life'],
  integrationsmassnahme: ['integrationsmassnahme', 'integrationsmassnahme projekt', 'projekt', 'massnahme', 'integration measure', 'integration measure project', 'project', 'measure'],
  sonstiges: ['sonstiges', 'sonstige beratung', 'beratung', 'other', 'other advice', 'advice'],
};
const URGENCY_WORDS: Record<Urgency, string[]> = {
  normal: ['normal', 'nicht dringend', 'regular', 'not urgent', 'standard'],
  dringend: ['dringend', 'eilig', 'eilt', 'urgent', 'sehr dringend'],
};
const WORDS = {
  none: ['ohne', 'keine', 'kein', 'keins', 'nein', 'none', 'no', 'no reference', 'ohne aktenzeichen', 'ohne bezug', 'skip', 'ueberspringen'],
  send: ['senden', 'absenden', 'ja', 'ja senden', 'ok', 'okay', 'send', 'yes', 'submit', 'abschicken'],
  edit: ['aendern', 'text aendern', 'bearbeiten', 'korrigieren', 'edit', 'change', 'change text'],
  take: ['uebernehmen', 'annehmen', 'take', 'take on', 'accept', 'claim'],
  assign: ['zuweisen', 'assign'],
  ask: ['rueckfrage', 'frage', 'nachfrage', 'ask', 'question'],
  resolve: ['erledigen', 'erledigt', 'abschliessen', 'schliessen', 'resolve', 'close', 'done'],
  reopen: ['wieder oeffnen', 'wiedereroeffnen', 'oeffnen', 'reopen', 'open again'],
  retry: ['wiederholen', 'erneut', 'retry', 'again'],
  revive: ['reaktivieren', 'revive', 'wiederbeleben'],
};
const is = (norm: string, list: readonly string[]) => list.includes(norm);

/** Our own command phrases: typed inside a text prompt they are taken as a slip, not as the answer. */
const OWN_PHRASES = new Set(
  ['eskalation', 'escalate', 'meine eskalationen', 'my escalations', 'eingang', 'inbox', 'antwort', 'answer', 'zustellung', 'delivery'].map(normalize),
);

export const ESCALATION_COMMANDS = {
  escalate: ['eskalation', 'eskalieren', 'escalate', 'escalation', 'neue eskalation', 'new escalation'],
  mine: ['meine eskalationen', 'meine eskalation', 'my escalations', 'my escalation'],
  withdraw: ['eskalation zurückziehen', 'eskalation zurueckziehen', 'withdraw escalation'],
  answer: ['antwort', 'antworten', 'answer'],
  inbox: ['eingang', 'posteingang', 'inbox'],
  register: ['als eingang registrieren', 'eingang registrieren', 'register inbox'],
  delivery: ['zustellung', 'delivery'],
};

/** A key of `table` whose words, or whose label in the user's language, equal the normalized text. */
function matchWord<K extends string>(norm: string, table: Record<K, string[]>, label: (k: K) => string): K | undefined {
  for (const key of Object.keys(table) as K[]) {
    if (table[key].includes(norm) || normalize(label(key)) === norm) return key;
  }
  return undefined;
}

function parseCategory(text: string, info: TurnInfo): Category | undefined {
  const norm = normalize(text);
  const n = Number(norm);
  if (Number.isInteger(n) && n >= 1 && n <= CATEGORIES.length) return CATEGORIES[n - 1];
  return matchWord(norm, CATEGORY_WORDS, (k) => categoryLabel(info.t, k));
}

function parseUrgency(text: string, info: TurnInfo): Urgency | undefined {
  return matchWord(normalize(text), URGENCY_WORDS, (k) => urgencyLabel(info.t, k));
}

async function sendCard(ctx: TurnContext, built: BuiltCard): Promise<void> {
  await ctx.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(built.card), built.summary));
}

async function say(ctx: TurnContext, text: string, buttons: { title: string; value: string }[] = []): Promise<void> {
  await ctx.sendActivity(
    buttons.length ? MessageFactory.suggestedActions(buttons.map((b) => ({ type: 'imBack', title: b.title, value: b.value })), text) : MessageFactory.text(text),
  );
}

function where(ctx: TurnContext): 'personal' | 'channel' {
  const type = ctx.activity.conversation?.conversationType;
  return type === undefined || type === 'personal' ? 'personal' : 'channel';
}

/** Text of a refusal for a typed command or a card banner. */
function refusalText(info: TurnInfo, service: EscalationService, reason: Refusal | 'notFound' | 'invalid' | 'unavailable', c: Escalation | undefined, caseId: string): string {
  const { t } = info;
  switch (reason) {
    case 'notFound':
      return t('escalations.error.notFound', { id: caseId });
    case 'forbidden':
      return t('errors.noAccess');
    case 'stale':
      return t('escalations.error.stale', { id: caseId });
    case 'invalidState':
      if (c?.assignee && c.status !== 'erledigt' && c.status !== 'zurueckgezogen') return t('escalations.error.alreadyTaken', { id: caseId, name: service.nameOf(c.assignee, c.unitId) });
      return t('escalations.error.invalidState', { id: caseId, status: c ? t(`escalations.status.${c.status}`) : '' });
    case 'notMember':
      return t('escalations.error.notMember');
    case 'unchanged':
      return t('escalations.error.unchanged', { id: caseId });
    case 'threadFull':
      return t('escalations.error.threadFull', { id: caseId });
    case 'unavailable':
      return t('escalations.error.unavailable');
    case 'invalid':
      return t('escalations.error.invalid');
  }
}

function doneText(info: TurnInfo, service: EscalationService, input: ActionInput, c: Escalation, redacted: number): string {
  const { t } = info;
  const base =
    input.verb === 'assign' ? t('escalations.done.assign', { id: c.id, name: service.nameOf(input.to, c.unitId) })
    : t(`escalations.done.${input.verb}`, { id: c.id });
  return redacted > 0 ? `${base} ${t('escalations.done.redacted', { count: redacted })}` : base;
}

// ---------------------------------------------------------------------------------------------------
// "eskalation": the guided escalation
// ---------------------------------------------------------------------------------------------------

type Phase = 'category' | 'urgency' | 'summary' | 'caseRef' | 'confirm';

interface EscalateState {
  phase?: Phase;
  category?: Category;
  urgency?: Urgency;
  summary?: string;
  redactedCount?: number;
  caseRef?: string | null;
}

export interface EscalateOptions {
  args?: string;
}

export class EscalateDialog extends Dialog<EscalateOptions> {
  constructor(private readonly service: EscalationService) {
    super(ESCALATE_DIALOG);
  }

  override async beginDialog(dc: DialogContext, options?: EscalateOptions): Promise<DialogTurnResult> {
    const info = turnInfo(dc.context);
    if (!this.service.requesterKind(info.identity)) {
      await say(dc.context, info.t('escalations.new.notOfficer'));
      return dc.endDialog();
    }
    const state = this.state(dc);
    // One-shot presets: "eskalation dringend radikalisierung".
    for (const word of (options?.args ?? '').split(/[\s,;]+/).filter(Boolean)) {
      state.category ??= parseCategory(word, info);
      state.urgency ??= parseUrgency(word, info);
    }
    if (options?.args && !state.category) state.category = parseCategory(options.args, info);
    await say(dc.context, info.t('escalations.new.intro'));
    return this.next(dc, state);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const info = turnInfo(dc.context);
    const state = this.state(dc);
    const text = (dc.context.activity.text ?? '').trim();
    const norm = normalize(text);
    switch (state.phase) {
      case 'category': {
        const category = parseCategory(text, info);
        if (!category) {
          await say(dc.context, info.t('escalations.new.badCategory'));
          return this.askCategory(dc, state);
        }
        state.category = category;
        return this.next(dc, state);
      }
      case 'urgency': {
        const urgency = parseUrgency(text, info);
        if (!urgency) {
          await say(dc.context, info.t('escalations.new.badUrgency'));
          return this.askUrgency(dc, state);
        }
        state.urgency = urgency;
        return this.next(dc, state);
      }
      case 'summary':
        return this.onSummary(dc, state, text);
      case 'caseRef': {
        if (is(norm, WORDS.none)) {
          state.caseRef = null;
          return this.next(dc, state);
        }
        const check = this.service.checkCaseRef(text);
        if (!check.ok) {
          await say(dc.context, info.t(`escalations.new.caseRefBad.${check.reason}`), [{ title: info.t('escalations.new.caseRefNone'), value: info.t('escalations.new.caseRefNoneWord') }]);
          return Dialog.EndOfTurn;
        }
        state.caseRef = check.value;
        return this.next(dc, state);
      }
      case 'confirm':
        if (is(norm, WORDS.send)) return this.send(dc, state);
        if (is(norm, WORDS.edit)) {
          delete state.summary;
          return this.next(dc, state);
        }
        return this.askConfirm(dc, state);
      default:
        return dc.endDialog();
    }
  }

  private state(dc: DialogContext): EscalateState {
    return dc.activeDialog!.state as EscalateState;
  }

  /** Asks for whatever is missing, in order; confirms once everything is there. */
  private async next(dc: DialogContext, state: EscalateState): Promise<DialogTurnResult> {
    if (!state.category) return this.askCategory(dc, state);
    if (!state.urgency) return this.askUrgency(dc, state);
    if (state.summary === undefined) {
      state.phase = 'summary';
      const info = turnInfo(dc.context);
      await say(dc.context, info.t('escalations.new.askSummary', { min: SUMMARY_MIN, max: SUMMARY_MAX }));
      return Dialog.EndOfTurn;
    }
    if (state.caseRef === undefined) {
      state.phase = 'caseRef';
      const { t } = turnInfo(dc.context);
      await say(dc.context, t('escalations.new.askCaseRef'), [{ title: t('escalations.new.caseRefNone'), value: t('escalations.new.caseRefNoneWord') }]);
      return Dialog.EndOfTurn;
    }
    return this.askConfirm(dc, state);
  }

  private async askCategory(dc: DialogContext, state: EscalateState): Promise<DialogTurnResult> {
    const { t } = turnInfo(dc.context);
    state.phase = 'category';
    const buttons = CATEGORIES.map((c) => ({ title: categoryLabel(t, c), value: categoryLabel(t, c) }));
    await say(dc.context, t('escalations.new.askCategory'), buttons);
    return Dialog.EndOfTurn;
  }

  private async askUrgency(dc: DialogContext, state: EscalateState): Promise<DialogTurnResult> {
    const { t } = turnInfo(dc.context);
    state.phase = 'urgency';
    const buttons = (['normal', 'dringend'] as const).map((u) => ({ title: urgencyLabel(t, u), value: urgencyLabel(t, u) }));
    await say(dc.context, t('escalations.new.askUrgency'), buttons);
    return Dialog.EndOfTurn;
  }

  private async onSummary(dc: DialogContext, state: EscalateState, text: string): Promise<DialogTurnResult> {
    const info = turnInfo(dc.context);
    if (text.length < SUMMARY_MIN || text.length > SUMMARY_MAX) {
      await say(dc.context, info.t(text.length < SUMMARY_MIN ? 'escalations.new.summaryShort' : 'escalations.new.summaryLong', { min: SUMMARY_MIN, max: SUMMARY_MAX, length: text.length }));
      return Dialog.EndOfTurn;
    }
    let redaction: { text: string; count: number };
    try {
      redaction = await this.service.redact(text, info.locale);
    } catch {
      await say(dc.context, info.t('escalations.error.unavailable'));
      return Dialog.EndOfTurn;
    }
    // Only the redacted text is kept, even in dialog state.
    state.summary = redaction.text.trim().slice(0, SUMMARY_MAX);
    state.redactedCount = redaction.count;
    return this.next(dc, state);
  }

  private async askConfirm(dc: DialogContext, state: EscalateState): Promise<DialogTurnResult> {
    const info = turnInfo(dc.context);
    const target = this.service.targetFor(info.identity, state.category!);
    if (!target) {
      await say(dc.context, info.t('escalations.new.notOfficer'));
      return dc.endDialog();
    }
    state.phase = 'confirm';
    await sendCard(dc.context, confirmCard(this.service.cardInfo(info.locale), {
      category: state.category!, urgency: state.urgency!, summary: state.summary!, ...(state.caseRef ? { caseRef: state.caseRef } : {}), unitName: target.unitName, redactedCount: state.redactedCount ?? 0,
    }));
    return Dialog.EndOfTurn;
  }

  private async send(dc: DialogContext, state: EscalateState): Promise<DialogTurnResult> {
    const info = turnInfo(dc.context);
    // Coordinators see who sent the case: the name Teams shows for the officer.
    await this.service.noteName(info.identity, dc.context.activity.from?.name).catch(() => {});
    const result = await this.service.create(info.identity, {
      category: state.category, urgency: state.urgency, summary: state.summary, ...(state.caseRef ? { caseRef: state.caseRef } : {}),
    }, info.locale);
    if (!result.ok) {
      const key: MessageKey = result.reason === 'forbidden' ? 'errors.noAccess' : result.reason === 'limit' ? 'escalations.new.limit' : result.reason === 'unavailable' ? 'escalations.error.unavailable' : 'escalations.error.invalid';
      await say(dc.context, info.t(key));
      return dc.endDialog();
    }
    const c = result.c;
    const unitName = this.service.placeName(c.unitId);
    const lines = [info.t('escalations.new.sent', { id: c.id, toUnit: towards({ id: c.unitId, kind: 'coordination' }, unitName, info.locale), due: info.fmt.dateTime(new Date(c.slaDueAt)) })];
    if (c.category === 'radikalisierung' && this.service.requesterKind(info.identity) === 'jva') lines.push(info.t('escalations.new.extremismHint'));
    if (!this.service.hasInbox(c.unitId) && this.service.cardContext(c, 'coordinator').members?.length === 0) lines.push(info.t('escalations.new.noCoordinators'));
    await say(dc.context, lines.join('\n\n'));
    await sendCard(dc.context, this.service.card(c, 'requester', info.locale));
    return dc.endDialog(c.id);
  }
}

// ---------------------------------------------------------------------------------------------------
// A text for an action (answer, question, resolution note), typed in the 1:1
// ---------------------------------------------------------------------------------------------------

export interface TextOptions {
  verb: 'answer' | 'ask' | 'resolve';
  caseId: string;
}

export class EscalationTextDialog extends Dialog<TextOptions> {
  constructor(private readonly service: EscalationService) {
    super(TEXT_DIALOG);
  }

  override async beginDialog(dc: DialogContext, options?: TextOptions): Promise<DialogTurnResult> {
    if (!options) return dc.endDialog();
    Object.assign(dc.activeDialog!.state, options);
    const { t } = turnInfo(dc.context);
    await say(dc.context, t(`escalations.prompt.${options.verb}`, { id: options.caseId, max: MESSAGE_MAX }));
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const info = turnInfo(dc.context);
    const { verb, caseId } = dc.activeDialog!.state as TextOptions;
    const text = (dc.context.activity.text ?? '').trim();
    if (OWN_PHRASES.has(normalize(text)) || text.length < 2) {
      await say(dc.context, info.t('escalations.prompt.looksLikeCommand', { id: caseId }));
      return Dialog.EndOfTurn;
    }
    if (text.length > MESSAGE_MAX) {
      await say(dc.context, info.t('escalations.prompt.tooLong', { max: MESSAGE_MAX, length: text.length }));
      return Dialog.EndOfTurn;
    }
    await runAction(dc.context, this.service, { verb, caseId, text } as ActionInput);
    return dc.endDialog();
  }
}

/** A typed action: result as text plus the current card for the actor. */
async function runAction(ctx: TurnContext, service: EscalationService, input: ActionInput): Promise<ActResult> {
  const info = turnInfo(ctx);
  const result = await service.act(info.identity, input, info.locale);
  if (result.ok) {
    await say(ctx, doneText(info, service, input, result.c, result.redacted));
    const viewed = await service.view(info.identity, result.c.id, where(ctx));
    if (viewed) await sendCard(ctx, service.card(viewed.c, viewed.view, info.locale));
    return result;
  }
  await say(ctx, refusalText(info, service, result.reason, 'c' in result ? result.c : undefined, input.caseId));
  return result;
}

// ---------------------------------------------------------------------------------------------------
// Card actions (Action.Execute and refresh)
// ---------------------------------------------------------------------------------------------------

/** What our case cards send: the ids we put in, plus the inputs of the card, nothing else. */
const cardDataSchema = z.strictObject({
  caseId: caseIdSchema,
  version: z.int().min(1).max(1_000_000),
  cmd: z.string().max(200).optional(),
  assignee: z.string().max(200).optional(),
  question: z.string().max(MESSAGE_MAX * 2).optional(),
  note: z.string().max(MESSAGE_MAX * 2).optional(),
  answer: z.string().max(MESSAGE_MAX * 2).optional(),
});
const refreshDataSchema = z.strictObject({ caseId: caseIdSchema });

const VERB_OF: Record<string, ActionInput['verb']> = Object.fromEntries(Object.entries(CARD_VERBS).map(([k, v]) => [v, k as ActionInput['verb']]));

function cardResponse(built: BuiltCard): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: built.card as unknown as AdaptiveCardInvokeResponse['value'] };
}

function errorResponse(statusCode: number, code: string, message: string): AdaptiveCardInvokeResponse {
  return { statusCode, type: 'application/vnd.microsoft.error', value: { code, message } as unknown as AdaptiveCardInvokeResponse['value'] };
}

export async function onCardAction(service: EscalationService, ctx: TurnContext, verb: string, data: unknown): Promise<AdaptiveCardInvokeResponse> {
  const info = turnInfo(ctx);
  const { identity, t, locale } = info;
  if (identity.userKey === 'anonymous') return errorResponse(403, 'Forbidden', t('errors.noAccess'));
  await service.noteName(identity, ctx.activity.from?.name).catch(() => {});
  const place = where(ctx);
  if (verb === REFRESH_VERB) {
    const parsed = refreshDataSchema.safeParse(data);
    if (!parsed.success) return errorResponse(400, 'BadRequest', t('escalations.error.invalid'));
    const viewed = await service.view(identity, parsed.data.caseId, place);
    if (!viewed) return errorResponse(404, 'NotFound', t('escalations.error.notFound', { id: parsed.data.caseId }));
    return cardResponse(service.card(viewed.c, viewed.view, locale));
  }
  const action = VERB_OF[verb];
  const parsed = cardDataSchema.safeParse(data);
  if (!action || !parsed.success) {
    // Through the service, so the refusal is audited like any other.
    await service.act(identity, { verb: 'invalid', caseId: (data as { caseId?: unknown } | null)?.caseId }, locale);
    return errorResponse(400, 'BadRequest', t('escalations.error.invalid'));
  }
  const d = parsed.data;
  const input =
    action === 'assign' ? { verb: action, caseId: d.caseId, version: d.version, to: d.assignee ?? '' }
    : action === 'ask' ? { verb: action, caseId: d.caseId, version: d.version, text: d.question ?? '' }
    : action === 'resolve' ? { verb: action, caseId: d.caseId, version: d.version, text: d.note ?? '' }
    : action === 'answer' ? { verb: action, caseId: d.caseId, version: d.version, text: d.answer ?? '' }
    : { verb: action, caseId: d.caseId, version: d.version };
  const result = await service.act(identity, input, locale);
  if (!result.ok) {
    if (result.reason === 'forbidden') return errorResponse(403, 'Forbidden', t('errors.noAccess'));
    if (result.reason === 'notFound') return errorResponse(404, 'NotFound', t('escalations.error.notFound', { id: d.caseId }));
    if (result.reason === 'invalid' || result.reason === 'unavailable') return errorResponse(result.reason === 'invalid' ? 400 : 503, 'BadRequest', refusalText(info, service, result.reason, undefined, d.caseId));
    const viewed = await service.view(identity, d.caseId, place);
    if (!viewed) return errorResponse(404, 'NotFound', t('escalations.error.notFound', { id: d.caseId }));
    return cardResponse(service.card(viewed.c, viewed.view, locale, { banner: { text: refusalText(info, service, result.reason, 'c' in result ? result.c : undefined, d.caseId), attention: true } }));
  }
  const viewed = await service.view(identity, d.caseId, place);
  const view = viewed?.view ?? 'limited';
  return cardResponse(service.card(result.c, view, locale, { banner: { text: doneText(info, service, input as ActionInput, result.c, result.redacted) } }));
}

// ---------------------------------------------------------------------------------------------------
// Typed commands
// ---------------------------------------------------------------------------------------------------

function splitId(args: string): { caseId?: string; rest: string } {
  const m = CASE_ID_IN_TEXT.exec(args);
  if (!m) return { rest: args.trim() };
  return { caseId: m[0].toUpperCase(), rest: (args.slice(0, m.index) + ' ' + args.slice(m.index + m[0].length)).trim() };
}

/** First one or two words of `rest` as a sub-command, the remainder as typed. */
function subCommand(rest: string): { norm: string; text: string }[] {
  const words = rest.split(/\s+/).filter(Boolean);
  return [2, 1].filter((n) => words.length >= n).map((n) => ({ norm: normalize(words.slice(0, n).join(' ')), text: words.slice(n).join(' ') }));
}

async function showCase(ctx: TurnContext, service: EscalationService, caseId: string): Promise<void> {
  const info = turnInfo(ctx);
  const viewed = await service.view(info.identity, caseId, where(ctx));
  if (!viewed) {
    await say(ctx, info.t('escalations.error.notFound', { id: caseId }));
    return;
  }
  if (viewed.view === 'limited' && info.identity.role !== 'admin') {
    await say(ctx, info.t('errors.noAccess'));
    return;
  }
  await sendCard(ctx, service.card(viewed.c, viewed.view, info.locale));
}

async function inboxCommand(dc: DialogContext, service: EscalationService, args: string): Promise<unknown> {
  const ctx = dc.context;
  const info = turnInfo(ctx);
  await service.noteName(info.identity, ctx.activity.from?.name).catch(() => {});
  const { caseId, rest } = splitId(args);
  if (!caseId) {
    const cases = await service.inbox(info.identity);
    if (!cases) return say(ctx, info.t('errors.noAccess'));
    const unit = service.placeName(info.identity.unitId!);
    const entries = cases.map((c) => ({ c, institutionName: service.placeName(c.institutionId), ...(c.assignee ? { assigneeLabel: service.nameOf(c.assignee, c.unitId) } : {}) }));
    return sendCard(ctx, listCard(service.cardInfo(info.locale), entries, 'inbox', service.now(), info.t('escalations.inbox.title', { unit, count: cases.length })));
  }
  if (!rest) return showCase(ctx, service, caseId);
  for (const { norm, text } of subCommand(rest)) {
    if (is(norm, WORDS.take)) return runAction(ctx, service, { verb: 'take', caseId });
    if (is(norm, WORDS.reopen)) return runAction(ctx, service, { verb: 'reopen', caseId });
    if (is(norm, WORDS.ask) || is(norm, WORDS.resolve)) {
      const verb = is(norm, WORDS.ask) ? 'ask' : 'resolve';
      if (text) return runAction(ctx, service, { verb, caseId, text });
      return dc.beginDialog(TEXT_DIALOG, { verb, caseId } satisfies TextOptions);
    }
    if (is(norm, WORDS.assign)) {
      if (text) return runAction(ctx, service, { verb: 'assign', caseId, to: text.split(/\s+/)[0]! });
      const c = service.get(caseId);
      if (!c || info.identity.role !== 'coordinator' || info.identity.unitId !== c.unitId) return say(ctx, info.t('errors.noAccess'));
      const members = service.cardContext(c, 'coordinator').members ?? [];
      const words = TEXT_COMMANDS[info.locale];
      return say(ctx, info.t('escalations.assign.choose', { id: caseId }), members.filter((m) => m.userKey !== c.assignee).slice(0, 10).map((m) => ({ title: m.label, value: `${words.inbox} ${caseId} ${words.assign} ${m.userKey}` })));
    }
  }
  return say(ctx, info.t('escalations.inbox.usage'));
}

async function mineCommand(ctx: TurnContext, service: EscalationService, args: string): Promise<unknown> {
  const info = turnInfo(ctx);
  const { caseId } = splitId(args);
  if (caseId) return showCase(ctx, service, caseId);
  const cases = await service.mine(info.identity);
  const entries = cases.map((c) => ({ c, institutionName: service.placeName(c.institutionId) }));
  return sendCard(ctx, listCard(service.cardInfo(info.locale), entries, 'own', service.now(), info.t('escalations.mine.title', { count: cases.length })));
}

async function answerCommand(dc: DialogContext, service: EscalationService, args: string): Promise<unknown> {
  const ctx = dc.context;
  const info = turnInfo(ctx);
  let { caseId, rest } = splitId(args);
  if (!caseId) {
    const open = service.questionsFor(info.identity);
    if (open.length === 0) return say(ctx, info.t('escalations.answer.none'));
    if (open.length > 1) {
      const words = TEXT_COMMANDS[info.locale];
      return say(ctx, info.t('escalations.answer.which', { ids: open.join(', ') }), open.slice(0, 10).map((id) => ({ title: id, value: `${words.answer} ${id}` })));
    }
    caseId = open[0]!;
  }
  if (rest) return runAction(ctx, service, { verb: 'answer', caseId, text: rest });
  const c = service.get(caseId);
  if (!c) return say(ctx, info.t('escalations.error.notFound', { id: caseId }));
  if (c.requester !== info.identity.userKey) return say(ctx, info.t('errors.noAccess'));
  if (c.status !== 'rueckfrage') return say(ctx, info.t('escalations.answer.notAsked', { id: caseId }));
  return dc.beginDialog(TEXT_DIALOG, { verb: 'answer', caseId } satisfies TextOptions);
}

async function withdrawCommand(ctx: TurnContext, service: EscalationService, args: string): Promise<unknown> {
  const info = turnInfo(ctx);
  const { caseId } = splitId(args);
  if (!caseId) return say(ctx, info.t('escalations.withdraw.usage'));
  return runAction(ctx, service, { verb: 'withdraw', caseId });
}

async function registerCommand(ctx: TurnContext, service: EscalationService, deps: CapabilityContext, args: string): Promise<unknown> {
  const info = turnInfo(ctx);
  const address = channelAddressOf(ctx.activity);
  if (!address) return say(ctx, info.t('escalations.register.notInChannel'));
  const units = deps.institutions.ofKind('coordination').map((u) => u.name).join(', ');
  if (!args.trim()) return say(ctx, info.t('escalations.register.usage', { units }));
  const place = resolvePlace(deps.institutions, args, 'unit');
  if (!place.ok) return say(ctx, info.t(place.message, place.params));
  const ok = await service.registerInbox(info.identity, place.place.id, address);
  return say(ctx, ok ? info.t('escalations.register.done', { ofUnit: withPreposition('von', place.place, place.place.name, info.locale, { english: 'of' }) }) : info.t('errors.noAccess'));
}

async function deliveryCommand(ctx: TurnContext, deps: CapabilityContext, args: string): Promise<unknown> {
  const info = turnInfo(ctx);
  const { identity, t } = info;
  const [first, ...more] = args.trim().split(/\s+/).filter(Boolean);
  const norm = normalize(first ?? '');
  if (is(norm, WORDS.retry)) {
    const n = await deps.delivery.retry();
    await deps.audit.record({ actor: identity.userKey, action: 'delivery.retry', role: identity.role, outcome: 'ok' });
    return say(ctx, t('escalations.delivery.retried', { count: n }));
  }
  if (is(norm, WORDS.revive)) {
    const target = more[0] ?? '';
    const ok = target ? await deps.delivery.revive(target) : false;
    await deps.audit.record({ actor: identity.userKey, action: 'delivery.revive', ...(target && /^[^\s\p{C}]{1,200}$/u.test(target) ? { record: target } : {}), role: identity.role, outcome: ok ? 'ok' : 'rejected' });
    const shown = target.slice(0, 80).replace(/[[\]*_~`#<>|\\]|:\/\//g, '');
    return say(ctx, ok ? t('escalations.delivery.revived', { target: shown }) : t('escalations.delivery.notDead', { target: shown }));
  }
  await deps.audit.record({ actor: identity.userKey, action: 'delivery.view', role: identity.role, outcome: 'ok' });
  const cardInfo = { t: info.t, fmt: info.fmt, locale: info.locale };
  return sendCard(ctx, deliveryCard(cardInfo, deps.delivery.deadTargets(), deps.delivery.undelivered()));
}

// ---------------------------------------------------------------------------------------------------
// Module
// ---------------------------------------------------------------------------------------------------

const RECOGNIZE = /\b(?:eskalier\w*|escalat\w*)\b/i;

export function escalationCapabilities(service: EscalationService, deps: CapabilityContext): Capability[] {
  const escalate: Capability = {
    id: 'escalation',
    phrases: ESCALATION_COMMANDS.escalate,
    roles: ['officer'],
    menu: { label: 'escalations.menu.escalate', command: { de: TEXT_COMMANDS.de.escalate, en: TEXT_COMMANDS.en.escalate } },
    dialogs: [new EscalateDialog(service), new EscalationTextDialog(service)],
    recognizes: (text) => RECOGNIZE.test(text) && !CASE_ID_IN_TEXT.test(text),
    start: (dc, args) => dc.beginDialog(ESCALATE_DIALOG, { args } satisfies EscalateOptions),
    cardVerbs: [REFRESH_VERB, ...Object.values(CARD_VERBS)],
    onCardAction: (ctx, verb, data) => onCardAction(service, ctx, verb, data),
  };
  const mine: Capability = {
    id: 'escalation.mine',
    phrases: ESCALATION_COMMANDS.mine,
    roles: ['officer'],
    menu: { label: 'escalations.menu.mine', command: { de: TEXT_COMMANDS.de.mine, en: TEXT_COMMANDS.en.mine } },
    start: (dc, args) => mineCommand(dc.context, service, args),
  };
  const withdraw: Capability = {
    id: 'escalation.withdraw',
    phrases: ESCALATION_COMMANDS.withdraw,
    roles: ['officer'],
    start: (dc, args) => withdrawCommand(dc.context, service, args),
  };
  const answer: Capability = {
    id: 'escalation.answer',
    phrases: ESCALATION_COMMANDS.answer,
    roles: ['officer'],
    start: (dc, args) => answerCommand(dc, service, args),
  };
  const inbox: Capability = {
    id: 'escalation.inbox',
    phrases: ESCALATION_COMMANDS.inbox,
    roles: ['coordinator'],
    menu: { label: 'escalations.menu.inbox', command: { de: TEXT_COMMANDS.de.inbox, en: TEXT_COMMANDS.en.inbox } },
    start: (dc, args) => inboxCommand(dc, service, args),
  };
  const register: Capability = {
    id: 'escalation.registerInbox',
    phrases: ESCALATION_COMMANDS.register,
    roles: ['admin'],
    start: (dc, args) => registerCommand(dc.context, service, deps, args),
  };
  return [escalate, mine, withdraw, answer, inbox, register];
}

/** Admins: "zustellung" / "delivery" — unreachable targets and undelivered messages of the outbox (keys and ids only). */
export function deliveryCapability(deps: CapabilityContext): Capability {
  return {
    id: 'delivery',
    phrases: ESCALATION_COMMANDS.delivery,
    roles: ['admin'],
    menu: { label: 'escalations.menu.delivery', command: { de: 'zustellung', en: 'delivery' } },
    start: (dc, args) => deliveryCommand(dc.context, deps, args),
  };
}

/** The delivery view owns no file; a module of its own so it sits at the end of the admin menu. */
export const openDeliveryModule: OpenCapabilityModule = async (ctx) => ({ capabilities: [deliveryCapability(ctx)], close: async () => {} });

/** Routing from data/routing.json, cases in DATA_DIR/escalations.json, notices through the outbox. */
export const openEscalationModule: OpenCapabilityModule = async (ctx) => {
  const routing = loadRouting(ctx.institutions);
  const store = await openEscalationStore(ctx.dataDir, ctx.log);
  try {
    const service = new EscalationService({
      store,
      routing,
      audit: ctx.audit,
      institutions: ctx.institutions,
      members: (unitId) => ctx.roles.membersOf(unitId),
      labelOf: (userKey) => ctx.roles.labelOf(userKey),
      conversations: ctx.conversations,
      notifier: ctx.notifier,
      scheduler: ctx.scheduler,
      language: ctx.language,
      clock: ctx.clock,
      log: ctx.log,
      timeZone: ctx.config.timeZone,
    });
    ctx.scheduler.handle(SLA_REMINDER_KIND, (job) => service.reminderFor(job));
    ctx.scheduler.handle(SLA_BREACH_KIND, (job) => service.breachFor(job));
    await service.recover();
    return { capabilities: escalationCapabilities(service, ctx), close: () => store.close() };
  } catch (err) {
    await store.close().catch(() => {});
    throw err;
  }
};

