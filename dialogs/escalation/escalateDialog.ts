// "eskalation" / "escalate": the guided escalation of an officer — category → urgency → summary
// (redacted by the language service and shown for confirmation) → optional pseudonymous reference →
// "geht an: …" → send. Each phase is one small handler; next() asks for whatever is still missing.
import { towards } from '../../src/institutions/grammar.js';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { say, sendCard } from '../../src/bot/reply.js';
import { turnInfo } from '../../src/bot/turn.js';
import { categoryLabel, urgencyLabel } from '../../src/cards/escalationCards.js';
import type { CreateResult } from '../../src/escalations/service.js';
import { CATEGORIES, SUMMARY_MAX, SUMMARY_MIN, type Category, type Urgency } from '../../src/escalations/types.js';
import type { MessageKey } from '../../src/i18n/i18n.js';
import { normalize } from '../../src/text/normalize.js';
import type { Escalations } from './replies.js';
import { is, parseCategory, parseUrgency, WORDS } from './words.js';

export const ESCALATE_DIALOG = 'escalation.new';

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

type PhaseHandler = (dc: DialogContext, state: EscalateState, text: string) => Promise<DialogTurnResult>;

const FAILED_CREATE: Record<Exclude<CreateResult, { ok: true }>['reason'], MessageKey> = {
  forbidden: 'errors.noAccess',
  limit: 'escalations.new.limit',
  unavailable: 'escalations.error.unavailable',
  invalid: 'escalations.error.invalid',
};

export class EscalateDialog extends Dialog<EscalateOptions> {
  private readonly phases: Record<Phase, PhaseHandler> = {
    category: (dc, state, text) => this.onChoice(dc, state, 'category', parseCategory(text, turnInfo(dc.context).t), 'escalations.new.badCategory'),
    urgency: (dc, state, text) => this.onChoice(dc, state, 'urgency', parseUrgency(text, turnInfo(dc.context).t), 'escalations.new.badUrgency'),
    summary: (dc, state, text) => this.onSummary(dc, state, text),
    caseRef: (dc, state, text) => this.onCaseRef(dc, state, text),
    confirm: (dc, state, text) => this.onConfirm(dc, state, text),
  };

  constructor(private readonly esc: Escalations) {
    super(ESCALATE_DIALOG);
  }

  override async beginDialog(dc: DialogContext, options?: EscalateOptions): Promise<DialogTurnResult> {
    const info = turnInfo(dc.context);
    if (!this.esc.service.requesterKind(info.identity)) {
      await say(dc.context, info.t('escalations.new.notOfficer'));
      return dc.endDialog();
    }
    const state = this.state(dc);
    // One-shot presets: "eskalation dringend radikalisierung".
    for (const word of (options?.args ?? '').split(/[\s,;]+/).filter(Boolean)) {
      state.category ??= parseCategory(word, info.t);
      state.urgency ??= parseUrgency(word, info.t);
    }
    if (options?.args && !state.category) state.category = parseCategory(options.args, info.t);
    await say(dc.context, info.t('escalations.new.intro'));
    return this.next(dc, state);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = this.state(dc);
    const handler = state.phase ? this.phases[state.phase] : undefined;
    if (!handler) return dc.endDialog();
    return handler(dc, state, (dc.context.activity.text ?? '').trim());
  }

  private state(dc: DialogContext): EscalateState {
    return dc.activeDialog!.state as EscalateState;
  }

  /** Asks for whatever is missing, in order; confirms once everything is there. */
  private async next(dc: DialogContext, state: EscalateState): Promise<DialogTurnResult> {
    const { t } = turnInfo(dc.context);
    if (!state.category) return this.ask(dc, state, 'category', t('escalations.new.askCategory'), CATEGORIES.map((c) => categoryLabel(t, c)));
    if (!state.urgency) return this.ask(dc, state, 'urgency', t('escalations.new.askUrgency'), (['normal', 'dringend'] as const).map((u) => urgencyLabel(t, u)));
    if (state.summary === undefined) return this.ask(dc, state, 'summary', t('escalations.new.askSummary', { min: SUMMARY_MIN, max: SUMMARY_MAX }), []);
    if (state.caseRef === undefined) {
      state.phase = 'caseRef';
      await say(dc.context, t('escalations.new.askCaseRef'), [{ title: t('escalations.new.caseRefNone'), value: t('escalations.new.caseRefNoneWord') }]);
      return Dialog.EndOfTurn;
    }
    return this.askConfirm(dc, state);
  }

  /** A question whose buttons send their own label. */
  private async ask(dc: DialogContext, state: EscalateState, phase: Phase, question: string, labels: string[]): Promise<DialogTurnResult> {
    state.phase = phase;
    await say(dc.context, question, labels.map((label) => ({ title: label, value: label })));
    return Dialog.EndOfTurn;
  }

  /** A choice (category or urgency): taken when understood, else said so; then on to what is missing. */
  private async onChoice<K extends 'category' | 'urgency'>(dc: DialogContext, state: EscalateState, key: K, value: EscalateState[K] | undefined, bad: MessageKey): Promise<DialogTurnResult> {
    if (value) state[key] = value;
    else await say(dc.context, turnInfo(dc.context).t(bad));
    return this.next(dc, state);
  }

  private async onSummary(dc: DialogContext, state: EscalateState, text: string): Promise<DialogTurnResult> {
    const info = turnInfo(dc.context);
    if (text.length < SUMMARY_MIN || text.length > SUMMARY_MAX) {
      await say(dc.context, info.t(text.length < SUMMARY_MIN ? 'escalations.new.summaryShort' : 'escalations.new.summaryLong', { min: SUMMARY_MIN, max: SUMMARY_MAX, length: text.length }));
      return Dialog.EndOfTurn;
    }
    let redaction: { text: string; count: number };
    try {
      redaction = await this.esc.service.redact(text, info.locale);
    } catch {
      await say(dc.context, info.t('escalations.error.unavailable'));
      return Dialog.EndOfTurn;
    }
    // Only the redacted text is kept, even in dialog state.
    state.summary = redaction.text.trim().slice(0, SUMMARY_MAX);
    state.redactedCount = redaction.count;
    return this.next(dc, state);
  }

  private async onCaseRef(dc: DialogContext, state: EscalateState, text: string): Promise<DialogTurnResult> {
    if (is(normalize(text), WORDS.none)) {
      state.caseRef = null;
      return this.next(dc, state);
    }
    const check = this.esc.service.checkCaseRef(text);
    if (!check.ok) {
      const { t } = turnInfo(dc.context);
      await say(dc.context, t(`escalations.new.caseRefBad.${check.reason}`), [{ title: t('escalations.new.caseRefNone'), value: t('escalations.new.caseRefNoneWord') }]);
      return Dialog.EndOfTurn;
    }
    state.caseRef = check.value;
    return this.next(dc, state);
  }

  private async onConfirm(dc: DialogContext, state: EscalateState, text: string): Promise<DialogTurnResult> {
    const norm = normalize(text);
    if (is(norm, WORDS.send)) return this.send(dc, state);
    if (is(norm, WORDS.edit)) {
      delete state.summary;
      return this.next(dc, state);
    }
    return this.askConfirm(dc, state);
  }

  private async askConfirm(dc: DialogContext, state: EscalateState): Promise<DialogTurnResult> {
    const info = turnInfo(dc.context);
    const target = this.esc.service.targetFor(info.identity, state.category!);
    if (!target) {
      await say(dc.context, info.t('escalations.new.notOfficer'));
      return dc.endDialog();
    }
    state.phase = 'confirm';
    await sendCard(dc.context, this.esc.cards.confirm(info.locale, {
      category: state.category!, urgency: state.urgency!, summary: state.summary!, ...(state.caseRef ? { caseRef: state.caseRef } : {}), unitName: target.unitName, redactedCount: state.redactedCount ?? 0,
    }));
    return Dialog.EndOfTurn;
  }

  private async send(dc: DialogContext, state: EscalateState): Promise<DialogTurnResult> {
    const info = turnInfo(dc.context);
    const { service, cards } = this.esc;
    const result = await service.create(info.identity, {
      category: state.category, urgency: state.urgency, summary: state.summary, ...(state.caseRef ? { caseRef: state.caseRef } : {}),
    }, info.locale);
    if (!result.ok) {
      await say(dc.context, info.t(FAILED_CREATE[result.reason]));
      return dc.endDialog();
    }
    const c = result.c;
    const lines = [info.t('escalations.new.sent', { id: c.id, toUnit: towards({ id: c.unitId, kind: 'coordination' }, service.names.placeName(c.unitId), info.locale), due: info.fmt.dateTime(new Date(c.slaDueAt)) })];
    if (c.category === 'radikalisierung' && service.requesterKind(info.identity) === 'jva') lines.push(info.t('escalations.new.extremismHint'));
    if (!service.hasInbox(c.unitId) && service.names.memberLabels(c.unitId, '').length === 0) lines.push(info.t('escalations.new.noCoordinators'));
    await say(dc.context, lines.join('\n\n'));
    await sendCard(dc.context, cards.caseCard(c, 'requester', info.locale));
    return dc.endDialog(c.id);
  }
}
