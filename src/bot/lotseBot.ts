// The Teams-facing bot: tenant guard → identity → routing to capabilities and dialogs.
// The only place (with dialogs/) that knows botbuilder; domain services get plain data.
import {
  ActivityTypes,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type InvokeResponse,
  CardFactory,
  MessageFactory,
  TeamsActivityHandler,
  TurnContext,
  type ConversationState,
  type StatePropertyAccessor,
  type MessagingExtensionQuery,
  type MessagingExtensionResponse,
} from 'botbuilder';
import { DialogSet, DialogTurnStatus, type DialogContext, type DialogState } from 'botbuilder-dialogs';
import type { AuditTrail } from '../audit/auditTrail.js';
import type { Logger } from '../log/logger.js';
import type { RoleService } from '../roles/roleService.js';
import type { ConversationDirectory } from '../conversations/conversationDirectory.js';
import { menuCard } from '../cards/menuCard.js';
import { welcomeCard, teamWelcomeCard } from '../cards/welcomeCard.js';
import type { Capability, MatchedCommand, StartCapability } from './capability.js';
import { CommandTable, isCancel, isHelp } from './commands.js';
import { TurnGuard } from './turnGuard.js';
import { setTurnInfo, turnInfo, userKeyOf } from './turn.js';
import { RecentIds } from './recentIds.js';
import { commandFromCardValue } from './cardValue.js';
import { addressOf } from './address.js';
import { DialogPause, isResume } from './dialogPause.js';
import { answerExtensionQuery } from './messageExtension.js';

export interface LotseBotDeps {
  conversationState: ConversationState;
  roles: RoleService;
  conversations: ConversationDirectory;
  audit: AuditTrail;
  log: Logger;
  capabilities: Capability[];
  allowedTenants: readonly string[];
  timeZone: string;
  /** Messages and invokes per user and minute before 429 (see TurnGuard). */
  perUserPerMinute?: number;
}

const DEFAULT_PER_USER_PER_MINUTE = 60;
/** Words that make a question a "who" question (answered by the directory); literals only, linear time. */
const WHO_CUE = /\b(?:wer|wen|wem|zuständig\w*|zustandig\w*|ansprechpartner\w*|kontakt\w*|who|whom|responsible|contact|reach)\b/i;

export class LotseBot extends TeamsActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly dialogs: DialogSet;
  private readonly commands: CommandTable;
  private readonly recent = new RecentIds(5000);
  private readonly guard: TurnGuard;
  private readonly pause: DialogPause;

  constructor(private readonly deps: LotseBotDeps) {
    super();
    this.guard = new TurnGuard({
      allowedTenants: deps.allowedTenants, audit: deps.audit, log: deps.log,
      perUserPerMinute: deps.perUserPerMinute ?? DEFAULT_PER_USER_PER_MINUTE,
    });
    this.dialogState = deps.conversationState.createProperty<DialogState>('dialogState');
    this.dialogs = new DialogSet(this.dialogState);
    for (const capability of deps.capabilities) for (const dialog of capability.dialogs ?? []) this.dialogs.add(dialog);
    this.commands = new CommandTable(deps.capabilities);
    this.pause = new DialogPause(deps.conversationState, this.dialogState);

    this.onMessage(async (ctx, next) => {
      const sent = this.pause.watch(ctx);
      await this.handleMessage(ctx);
      await this.pause.afterTurn(ctx, sent);
      await next();
    });
    this.onMembersAdded(async (ctx, next) => {
      await this.welcome(ctx);
      await next();
    });
  }

  override async run(ctx: TurnContext): Promise<void> {
    const activity = ctx.activity;
    if (!(await this.guard.admit(ctx))) return;
    // Teams redelivers an activity it thinks timed out; handle each id once.
    if (activity.id && this.recent.seen(`${activity.conversation?.id}|${activity.id}`)) {
      this.deps.log.info('activity.duplicate', { activityId: activity.id });
      return;
    }
    const userKey = userKeyOf(activity);
    const identity = userKey ? this.deps.roles.identify(userKey) : { userKey: 'anonymous', role: 'staff' as const };
    setTurnInfo(ctx, identity, this.deps.timeZone);
    await super.run(ctx);
    await this.deps.conversationState.saveChanges(ctx, false);
  }

  /** botbuilder throws on an adaptiveCard/action invoke without an action object (→ 501); refuse it as a bad request. */
  protected override async onInvokeActivity(ctx: TurnContext): Promise<InvokeResponse> {
    const value = ctx.activity.value as { action?: unknown } | undefined;
    if (ctx.activity.name === 'adaptiveCard/action' && (typeof value?.action !== 'object' || value.action === null)) {
      await this.deps.audit.record({ actor: turnInfo(ctx).identity.userKey, action: 'card.unknown_verb', outcome: 'rejected' });
      return { status: 400, body: { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'unknown action' } } };
    }
    return super.onInvokeActivity(ctx);
  }

  /** Action.Execute: the capability that owns the verb re-checks role and record version itself. */
  protected override async onAdaptiveCardInvoke(ctx: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    await this.remember(ctx); // a card action is a sign of life too, and it carries the user's display name
    const verb = invokeValue?.action?.verb;
    const capability = typeof verb === 'string' ? this.deps.capabilities.find((c) => c.cardVerbs?.includes(verb)) : undefined;
    if (!capability?.onCardAction || typeof verb !== 'string') {
      // The verb is attacker-chosen text: audited by fact, not by value.
      await this.deps.audit.record({ actor: turnInfo(ctx).identity.userKey, action: 'card.unknown_verb', outcome: 'rejected' });
      return { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'unknown action' } as never };
    }
    return capability.onCardAction(ctx, verb, invokeValue.action.data);
  }

  protected override handleTeamsMessagingExtensionQuery(ctx: TurnContext, query: MessagingExtensionQuery): Promise<MessagingExtensionResponse> {
    return answerExtensionQuery(ctx, query, this.deps.capabilities);
  }

  private async handleMessage(ctx: TurnContext): Promise<void> {
    const { identity, t } = turnInfo(ctx);
    if (identity.userKey === 'anonymous') {
      await ctx.sendActivity(t('errors.noAccess'));
      return;
    }
    const fromCard = commandFromCardValue(ctx.activity.value);
    if (!ctx.activity.text && fromCard) ctx.activity.text = fromCard;
    const text = TurnContext.removeRecipientMention(ctx.activity)?.trim() ?? (ctx.activity.text ?? '').trim();
    await this.remember(ctx);

    let dc = await this.dialogs.createContext(ctx);
    if (isCancel(text)) {
      const active = dc.activeDialog !== undefined;
      if (active) await dc.cancelAllDialogs();
      const paused = await this.pause.discard(ctx);
      await ctx.sendActivity(t(active || paused ? 'cancel.done' : 'cancel.nothing'));
      return;
    }
    if (isHelp(text)) {
      await this.sendMenu(ctx, dc.activeDialog !== undefined);
      return;
    }
    if (dc.activeDialog) {
      const other = this.commandOutside(dc, text);
      if (!other) {
        const result = await dc.continueDialog();
        if (result.status !== DialogTurnStatus.empty) return;
      } else {
        // Another capability's command: the dialog waits, the command runs.
        const owner = this.ownerOf(dc);
        await this.pause.pause(ctx, owner?.id ?? '');
        dc = await this.dialogs.createContext(ctx);
        await ctx.sendActivity(t('pause.paused', { what: this.nameOf(ctx, owner) }));
      }
    } else if (isResume(text) && (await this.resumePaused(ctx))) return;
    if (!text) {
      await this.sendShortHelp(ctx);
      return;
    }
    const match = this.commands.match(text);
    // Free text goes through the understanding step first (role-aware), then the older recognizers. A command
    // word with more text ("Dolmetscher JVA Bochum") is read too: a reading the asker may use wins over a refusal.
    const matched = match ? { id: match.spec.id, allowed: match.spec.roles.includes(identity.role) } : undefined;
    // A bare command phrase ("kontakte neu") stays the command, with its refusal if the role may not use it.
    // A "what/how" question the knowledge base answers with confidence goes there; "who" questions stay directory questions.
    const answering = !match && !WHO_CUE.test(text)
      ? this.deps.capabilities.find((c) => c.answersQuestions && c.roles.includes(identity.role) && c.recognizes?.(text))
      : undefined;
    if (answering) {
      await answering.start(dc, text);
      return;
    }
    if ((!match || match.args.trim()) && (await this.understandFreeText(dc, text, matched))) return;
    const capability = (match?.spec as Capability | undefined) ?? this.deps.capabilities.find((c) => c.recognizes?.(text));
    if (capability) {
      if (!capability.roles.includes(identity.role)) {
        await this.deps.audit.record({ actor: identity.userKey, action: `${capability.id}.denied`, role: identity.role, outcome: 'denied' });
        await this.sendAccessHelp(ctx, capability);
        return;
      }
      await capability.start(dc, match ? match.args : text);
      return;
    }
    await this.sendUnknown(ctx, text);
  }

  private async understandFreeText(dc: DialogContext, text: string, command?: MatchedCommand): Promise<boolean> {
    const { identity } = turnInfo(dc.context);
    const start: StartCapability = async (id, args) => {
      const capability = this.deps.capabilities.find((c) => c.id === id);
      if (!capability) return 'unknown';
      if (!capability.roles.includes(identity.role)) {
        await this.deps.audit.record({ actor: identity.userKey, action: `${capability.id}.denied`, role: identity.role, outcome: 'denied' });
        return 'denied';
      }
      await capability.start(dc, args);
      return 'started';
    };
    for (const capability of this.deps.capabilities) {
      if (capability.freeText && capability.roles.includes(identity.role) && (await capability.freeText(dc, text, start, command))) return true;
    }
    return false;
  }

  /** A bare top-level command of a capability other than the active dialog's, which this role may use. */
  private commandOutside(dc: DialogContext, text: string): { capability: Capability } | undefined {
    const match = this.commands.match(text);
    if (!match || match.args !== '') return undefined;
    const capability = match.spec as Capability;
    if (!capability.roles.includes(turnInfo(dc.context).identity.role)) return undefined;
    // A capability family ("checklist", "checklist.mine") handles its own words inside its dialogs.
    const family = (id: string) => id.split('.')[0];
    const owner = this.ownerOf(dc);
    return owner && family(owner.id) === family(capability.id) ? undefined : { capability };
  }

  /** The capability whose dialog is at the bottom of the stack. */
  private ownerOf(dc: DialogContext): Capability | undefined {
    const rootId = dc.stack[0]?.id;
    return this.deps.capabilities.find((c) => c.dialogs?.some((d) => d.id === rootId));
  }

  private nameOf(ctx: TurnContext, capability: Capability | undefined): string {
    const { t } = turnInfo(ctx);
    return capability?.menu ? t(capability.menu.label) : t('pause.someDialog');
  }

  /** "weiter": the paused dialog comes back at the question it was on. */
  private async resumePaused(ctx: TurnContext): Promise<boolean> {
    const paused = await this.pause.resume(ctx);
    if (!paused) return false;
    const { t } = turnInfo(ctx);
    const owner = this.deps.capabilities.find((c) => c.id === paused.capabilityId);
    await ctx.sendActivity(t('pause.resumed', { what: this.nameOf(ctx, owner) }));
    const dc = await this.dialogs.createContext(ctx);
    const sent = this.pause.watch(ctx);
    await dc.repromptDialog();
    // Dialogs without a reprompt of their own: show their last question again.
    if (sent.length === 0 && paused.prompt.length > 0) await ctx.sendActivities(paused.prompt);
    return true;
  }

  private menuItems(ctx: TurnContext) {
    const { identity, locale, t } = turnInfo(ctx);
    return this.deps.capabilities
      .filter((c) => c.menu && c.roles.includes(identity.role))
      .map((c) => ({ title: t(c.menu!.label), command: c.menu!.command[locale] }));
  }

  private async sendMenu(ctx: TurnContext, dialogActive: boolean): Promise<void> {
    const info = turnInfo(ctx);
    const items = this.menuItems(ctx);
    const built = menuCard(info, items, dialogActive);
    await ctx.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(built.card), built.summary));
  }

  /** A role check failed: which role it needs, whom to ask instead, and how to get the role. */
  private async sendAccessHelp(ctx: TurnContext, capability: Capability): Promise<void> {
    const { t, locale } = turnInfo(ctx);
    const or = ` ${t('accessHelp.or')} `;
    const roles = capability.roles.filter((r) => r !== 'admin').map((r) => t(`roles.${r}`));
    const admins = this.deps.roles.adminNames();
    const lines = [t('accessHelp.needs', { roles: roles.length ? roles.join(or) : t('roles.admin') })];
    if (capability.roles.includes('officer')) lines.push(t('accessHelp.askOfficer'));
    lines.push(t('accessHelp.getRole', { admins: admins.length ? admins.join(or) : t('accessHelp.adminsUnnamed') }));
    const whoami = locale === 'de' ? 'wer bin ich' : 'who am i';
    await ctx.sendActivity(MessageFactory.suggestedActions([{ type: 'imBack', title: t('menu.whoami'), value: whoami }], lines.join(' ')));
  }

  /** An empty message (Enter alone, a bare mention) outside a dialog: what to type, not "not understood". */
  private async sendShortHelp(ctx: TurnContext): Promise<void> {
    const { t, locale } = turnInfo(ctx);
    const quote = (command: string) => (locale === 'de' ? `„${command}“` : `"${command}"`);
    const examples = this.menuItems(ctx).slice(0, 3).map((i) => quote(i.command));
    const text = examples.length ? t('shortHelp.examples', { examples: examples.join(', ') }) : t('shortHelp.text');
    await ctx.sendActivity(MessageFactory.suggestedActions([{ type: 'imBack', title: t('menu.help'), value: locale === 'de' ? 'hilfe' : 'help' }], text));
  }

  private async sendUnknown(ctx: TurnContext, text: string): Promise<void> {
    const { identity, t, locale } = turnInfo(ctx);
    const [closest] = this.commands.suggest(text, identity.role);
    const examples = this.menuItems(ctx).slice(0, 3).map((i) => `„${i.command}“`);
    const lines = [t('unknown.text')];
    if (closest) lines.push(t('unknown.didYouMean', { command: closest }));
    if (examples.length) lines.push(t('unknown.suggest', { examples: examples.join(', ') }));
    const helpCommand = locale === 'de' ? 'hilfe' : 'help';
    const buttons = [...(closest ? [{ title: closest, value: closest }] : []), { title: t('menu.help'), value: helpCommand }];
    const reply = MessageFactory.suggestedActions(
      buttons.map((b) => ({ type: 'imBack', ...b })),
      lines.join(' '),
    );
    await ctx.sendActivity(reply);
  }

  private async remember(ctx: TurnContext): Promise<void> {
    const { identity } = turnInfo(ctx);
    const address = addressOf(ctx.activity);
    // The display name Teams shows for the user: cards name people by it (or the roster), never by id.
    if (address && identity.userKey !== 'anonymous') await this.deps.conversations.remember(identity.userKey, address, ctx.activity.from?.name);
  }

  private async welcome(ctx: TurnContext): Promise<void> {
    const botId = ctx.activity.recipient?.id;
    if (!ctx.activity.membersAdded?.some((m) => m.id === botId)) return;
    const info = turnInfo(ctx);
    const inChannel = ctx.activity.conversation?.conversationType === 'channel';
    const built = inChannel ? teamWelcomeCard(info) : welcomeCard(info, this.menuItems(ctx));
    if (!inChannel) await this.remember(ctx);
    await ctx.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(built.card), built.summary));
  }
}
