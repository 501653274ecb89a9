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
import { DialogSet, DialogTurnStatus, type DialogState } from 'botbuilder-dialogs';
import type { AuditLog } from '../audit/auditLog.js';
import type { Logger } from '../log/logger.js';
import type { RoleService } from '../roles/roleService.js';
import type { ConversationDirectory } from '../conversations/conversationDirectory.js';
import { menuCard } from '../cards/menuCard.js';
import { welcomeCard, teamWelcomeCard } from '../cards/welcomeCard.js';
import type { Capability } from './capability.js';
import { CommandTable, isCancel, isHelp } from './commands.js';
import { TurnGuard } from './turnGuard.js';
import { setTurnInfo, turnInfo, userKeyOf } from './turn.js';
import { RecentIds } from './recentIds.js';
import { commandFromCardValue } from './cardValue.js';
import { addressOf } from './address.js';
import { answerExtensionQuery } from './messageExtension.js';

export interface LotseBotDeps {
  conversationState: ConversationState;
  roles: RoleService;
  conversations: ConversationDirectory;
  audit: AuditLog;
  log: Logger;
  capabilities: Capability[];
  allowedTenants: readonly string[];
  timeZone: string;
  /** Messages and invokes per user and minute before 429 (see TurnGuard). */
  perUserPerMinute?: number;
}

const DEFAULT_PER_USER_PER_MINUTE = 60;

export class LotseBot extends TeamsActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly dialogs: DialogSet;
  private readonly commands: CommandTable;
  private readonly recent = new RecentIds(5000);
  private readonly guard: TurnGuard;

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

    this.onMessage(async (ctx, next) => {
      await this.handleMessage(ctx);
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

    const dc = await this.dialogs.createContext(ctx);
    if (isCancel(text)) {
      const active = dc.activeDialog !== undefined;
      if (active) await dc.cancelAllDialogs();
      await ctx.sendActivity(t(active ? 'cancel.done' : 'cancel.nothing'));
      return;
    }
    if (isHelp(text)) {
      await this.sendMenu(ctx, dc.activeDialog !== undefined);
      return;
    }
    if (dc.activeDialog) {
      const result = await dc.continueDialog();
      if (result.status !== DialogTurnStatus.empty) return;
    }
    const match = this.commands.match(text);
    const capability = (match?.spec as Capability | undefined) ?? this.deps.capabilities.find((c) => c.recognizes?.(text));
    if (capability) {
      if (!capability.roles.includes(identity.role)) {
        await this.deps.audit.record({ actor: identity.userKey, action: `${capability.id}.denied`, role: identity.role, outcome: 'denied' });
        await ctx.sendActivity(t('errors.noAccess'));
        return;
      }
      await capability.start(dc, match ? match.args : text);
      return;
    }
    await this.sendUnknown(ctx, text);
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
    if (address && identity.userKey !== 'anonymous') await this.deps.conversations.remember(identity.userKey, address);
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
