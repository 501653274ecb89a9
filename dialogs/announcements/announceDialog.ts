// "ankündigung [Text]" / "announce [text]": text → optional link (http(s) only) → audience → preview with
// the number of recipients → send through the persisted outbox, one card per officer. An audience with
// nobody in it is refused with a clear message and the choice is offered again.
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { turnInfo } from '../../src/bot/turn.js';
import { recipientCard } from '../../src/cards/announcementCards.js';
import { rowKey } from '../../src/announcements/service.js';
import { normalize } from '../../src/text/normalize.js';
import { AUDIENCES, type Announcement, type Audience } from '../../src/knowledge/types.js';
import { recipientView, viewOf, type KnowledgeDeps } from '../knowledge/deps.js';
import { say, sendCard } from '../knowledge/reply.js';
import { AUDIENCE_WORDS, NO_LINK, SEND } from './words.js';

export const ANNOUNCE_DIALOG = 'announcement.new';

interface AnnounceState {
  phase?: 'text' | 'link' | 'audience' | 'confirm';
  text?: string;
  link?: string | null;
  audience?: Audience;
}

function parseAudience(text: string): Audience | undefined {
  const norm = normalize(text);
  return AUDIENCES.find((a) => AUDIENCE_WORDS[a].includes(norm));
}

/** The sender's unit as named on the recipients' card (an admin's announcement has none). */
export function senderName(deps: KnowledgeDeps, a: Announcement): string | undefined {
  return a.senderUnit ? deps.questions.unitName(a.senderUnit) : undefined;
}

export class AnnounceDialog extends Dialog<{ args?: string }> {
  constructor(private readonly deps: KnowledgeDeps) {
    super(ANNOUNCE_DIALOG);
  }

  private state(dc: DialogContext): AnnounceState {
    return dc.activeDialog!.state as AnnounceState;
  }

  override async beginDialog(dc: DialogContext, options?: { args?: string }): Promise<DialogTurnResult> {
    const args = (options?.args ?? '').trim();
    return args ? this.onText(dc, args) : this.ask(dc, 'text');
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const text = (dc.context.activity.text ?? '').trim();
    const state = this.state(dc);
    switch (state.phase) {
      case 'link':
        return this.onLink(dc, text);
      case 'audience':
        return this.onAudience(dc, text);
      case 'confirm':
        if (SEND.includes(normalize(text))) return this.send(dc);
        await say(dc.context, turnInfo(dc.context).t('announcements.new.confirmHint'));
        return Dialog.EndOfTurn;
      default:
        return this.onText(dc, text);
    }
  }

  private async ask(dc: DialogContext, phase: 'text' | 'link' | 'audience'): Promise<DialogTurnResult> {
    const { t, locale } = turnInfo(dc.context);
    this.state(dc).phase = phase;
    if (phase === 'text') await say(dc.context, t('announcements.new.askText'));
    if (phase === 'link') await say(dc.context, t('announcements.new.askLink'), [{ title: t('announcements.new.noLink'), value: locale === 'de' ? 'ohne' : 'none' }]);
    if (phase === 'audience') {
      await say(dc.context, t('announcements.new.askAudience'), AUDIENCES.map((a) => ({ title: t(`announcements.audience.${a}`), value: AUDIENCE_WORDS[a][1]! })));
    }
    return Dialog.EndOfTurn;
  }

  private async onText(dc: DialogContext, text: string): Promise<DialogTurnResult> {
    const problem = this.deps.announcements.checkText(text);
    if (problem) {
      await say(dc.context, turnInfo(dc.context).t(`announcements.new.${problem}`));
      return this.ask(dc, 'text');
    }
    // Redacted before it is kept in the dialog state, previewed, stored and sent to every officer (issue 10).
    const { t, locale } = turnInfo(dc.context);
    const redacted = await this.deps.questions.redact(text, locale);
    this.state(dc).text = redacted.text;
    if (redacted.count > 0) await say(dc.context, t('announcements.new.redacted', { count: redacted.count }));
    return this.ask(dc, 'link');
  }

  private async onLink(dc: DialogContext, text: string): Promise<DialogTurnResult> {
    const state = this.state(dc);
    if (NO_LINK.includes(normalize(text))) state.link = null;
    else {
      const link = this.deps.announcements.checkLink(text);
      if (!link) {
        await say(dc.context, turnInfo(dc.context).t('announcements.new.badLink'));
        return this.ask(dc, 'link');
      }
      state.link = link;
    }
    return this.ask(dc, 'audience');
  }

  private async onAudience(dc: DialogContext, text: string): Promise<DialogTurnResult> {
    const { t, identity } = turnInfo(dc.context);
    const audience = parseAudience(text);
    if (!audience) {
      await say(dc.context, t('announcements.new.badAudience'));
      return this.ask(dc, 'audience');
    }
    const count = this.deps.announcements.recipients(audience).length;
    if (count === 0) {
      await say(dc.context, t('announcements.new.emptyAudience', { audience: t(`announcements.audience.${audience}`) }));
      return this.ask(dc, 'audience');
    }
    const state = this.state(dc);
    state.audience = audience;
    state.phase = 'confirm';
    const preview: Announcement = {
      id: 'ANK-0000-0000', sender: identity.userKey, ...(identity.unitId ? { senderUnit: identity.unitId } : {}), text: state.text!, ...(state.link ? { link: state.link } : {}),
      audience, recipients: [], acks: {}, createdAt: new Date().toISOString(),
    };
    await sendCard(dc.context, { ...recipientCard(viewOf(dc.context), preview, senderName(this.deps, preview)), summary: t('announcements.new.preview') });
    await say(dc.context, t('announcements.new.confirm', { count, audience: t(`announcements.audience.${audience}`) }), [{ title: t('announcements.new.send'), value: SEND[0]! }]);
    return Dialog.EndOfTurn;
  }

  private async send(dc: DialogContext): Promise<DialogTurnResult> {
    const { t, identity, locale } = turnInfo(dc.context);
    const state = this.state(dc);
    const messages = (a: Announcement) => {
      const sender = senderName(this.deps, a);
      return a.recipients.map((r) => {
        const built = recipientCard(recipientView(this.deps, { userKey: r.userKey, role: 'officer', institutionId: r.institutionId }), a, sender);
        return { target: { userKey: r.userKey }, key: rowKey(a.id, r.userKey), payload: { text: built.summary, card: built.card as unknown as Record<string, unknown> } };
      });
    };
    const result = await this.deps.announcements.send(identity, { text: state.text ?? '', ...(state.link ? { link: state.link } : {}), audience: state.audience ?? 'all' }, messages);
    if (!result.ok) {
      await say(dc.context, t(`announcements.new.${result.reason === 'forbidden' ? 'forbidden' : result.reason}`, { audience: t(`announcements.audience.${state.audience ?? 'all'}`) }));
      return dc.endDialog();
    }
    const a = result.announcement;
    const report = locale === 'de' ? `ankündigung ${a.id}` : `announcement ${a.id}`;
    await say(dc.context, t('announcements.new.sent', { id: a.id, count: a.recipients.length, report }));
    return dc.endDialog();
  }
}
