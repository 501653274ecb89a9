// "fachfrage <text>" / "ask expert <text>" and "praxisbeispiel <text>" / "good practice <text>": the
// officer's question (or practice example) → personal data redacted → the officer confirms the redacted
// text → stored and sent to the coordinating unit (JVA → Koordinierungsstelle, Bezirksregierung → KfI).
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { turnInfo } from '../../src/bot/turn.js';
import { card, commandButton, heading, paragraph } from '../../src/cards/elements.js';
import { line } from '../../src/cards/elements.js';
import { normalize } from '../../src/text/normalize.js';
import type { QuestionKind } from '../../src/knowledge/types.js';
import type { KnowledgeDeps } from './deps.js';
import { toCoordinators } from './notify.js';
import { say, sendCard } from './reply.js';
import { is, WORDS } from './words.js';

export const EXPERT_DIALOG = 'knowledge.expert';
export const PRACTICE_DIALOG = 'knowledge.practice';

interface ExpertState {
  phase?: 'text' | 'confirm';
  text?: string;
  redacted?: number;
}

export class ExpertDialog extends Dialog<{ args?: string }> {
  constructor(
    private readonly deps: KnowledgeDeps,
    private readonly kind: QuestionKind,
  ) {
    super(kind === 'practice' ? PRACTICE_DIALOG : EXPERT_DIALOG);
  }

  private state(dc: DialogContext): ExpertState {
    return dc.activeDialog!.state as ExpertState;
  }

  private key(name: 'prompt' | 'confirmTitle' | 'sent'): `knowledge.expert.${string}` {
    return `knowledge.${this.kind === 'practice' ? 'practice' : 'expert'}.${name}` as `knowledge.expert.${string}`;
  }

  override async beginDialog(dc: DialogContext, options?: { args?: string }): Promise<DialogTurnResult> {
    const { t, identity } = turnInfo(dc.context);
    if (!this.deps.questions.requesterKind(identity)) {
      await say(dc.context, t('knowledge.expert.notOfficer'));
      return dc.endDialog();
    }
    const args = (options?.args ?? '').trim();
    if (args) return this.onText(dc, args);
    return this.askText(dc);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const text = (dc.context.activity.text ?? '').trim();
    const state = this.state(dc);
    if (state.phase === 'confirm') {
      const norm = normalize(text);
      if (is(norm, WORDS.send)) return this.send(dc);
      if (is(norm, WORDS.edit)) return this.askText(dc);
      await say(dc.context, turnInfo(dc.context).t('knowledge.expert.confirmHint'));
      return Dialog.EndOfTurn;
    }
    return this.onText(dc, text);
  }

  private async askText(dc: DialogContext): Promise<DialogTurnResult> {
    this.state(dc).phase = 'text';
    await say(dc.context, turnInfo(dc.context).t(this.key('prompt') as never));
    return Dialog.EndOfTurn;
  }

  private async onText(dc: DialogContext, text: string): Promise<DialogTurnResult> {
    const { t, locale, identity } = turnInfo(dc.context);
    const problem = this.deps.questions.checkText(text);
    if (problem) {
      await say(dc.context, t(`knowledge.expert.${problem}`));
      return this.askText(dc);
    }
    const redaction = await this.deps.questions.redact(text, locale);
    const state = this.state(dc);
    Object.assign(state, { phase: 'confirm', text: redaction.text, redacted: redaction.count });
    const unit = this.deps.questions.unitName(this.deps.questions.unitFor(identity)!);
    const body = [heading(t(this.key('confirmTitle') as never, { unit })), line(redaction.text, { max: 1500 })];
    if (redaction.count > 0) body.push(paragraph(t('knowledge.expert.redacted', { count: redaction.count }), { small: true }));
    body.push(paragraph(t('knowledge.expert.confirmHint'), { small: true, subtle: true }));
    const send = locale === 'de' ? 'senden' : 'send';
    const edit = locale === 'de' ? 'ändern' : 'edit';
    const cancel = locale === 'de' ? 'abbrechen' : 'cancel';
    const actions = [commandButton(t('knowledge.expert.send'), send), commandButton(t('knowledge.expert.edit'), edit), commandButton(t('knowledge.expert.cancel'), cancel)];
    await sendCard(dc.context, { card: card(body, actions), summary: t(this.key('confirmTitle') as never, { unit }) });
    return Dialog.EndOfTurn;
  }

  private async send(dc: DialogContext): Promise<DialogTurnResult> {
    const { t, identity } = turnInfo(dc.context);
    const state = this.state(dc);
    const result = await this.deps.questions.submit(identity, this.kind, state.text ?? '', state.redacted ?? 0, toCoordinators(this.deps));
    if (!result.ok) {
      await say(dc.context, t(result.reason === 'notOfficer' || result.reason === 'forbidden' ? 'knowledge.expert.notOfficer' : 'knowledge.expert.tooShort'));
      return dc.endDialog();
    }
    const q = result.question;
    const notified = this.deps.questions.coordinatorsOf(q.unitId).length;
    const unit = this.deps.questions.unitName(q.unitId);
    await say(dc.context, notified > 0 ? t(this.key('sent') as never, { id: q.id, unit }) : t('knowledge.expert.sentNobody', { id: q.id, unit }));
    return dc.endDialog();
  }
}
