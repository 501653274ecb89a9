// Per-turn facts the bot resolves once (identity, language) and dialogs read back.
import type { TurnContext } from 'botbuilder';
import { formatter, type Formatter } from '../i18n/format.js';
import { resolveLocale, translator, type Translate } from '../i18n/i18n.js';
import { type Locale } from '../text/locale.js';
import type { Identity } from '../roles/types.js';

export interface TurnInfo {
  identity: Identity;
  locale: Locale;
  t: Translate;
  fmt: Formatter;
}

const TURN_INFO = Symbol('integrationslotse.turnInfo');

export function setTurnInfo(ctx: TurnContext, identity: Identity, timeZone: string): TurnInfo {
  const locale = resolveLocale(ctx.activity.locale);
  const info: TurnInfo = { identity, locale, t: translator(locale), fmt: formatter(locale, timeZone) };
  ctx.turnState.set(TURN_INFO, info);
  return info;
}

export function turnInfo(ctx: TurnContext): TurnInfo {
  const info = ctx.turnState.get(TURN_INFO) as TurnInfo | undefined;
  if (!info) throw new Error('turn info missing: the bot sets it before any dialog runs');
  return info;
}

/**
 * The user key: the Teams aadObjectId; channels without one (Emulator, console chat)
 * use from.id. A Teams activity without aadObjectId has no usable identity.
 */
export function userKeyOf(activity: TurnContext['activity']): string | undefined {
  const aad = activity.from?.aadObjectId;
  if (aad) return aad;
  if (activity.channelId === 'msteams') return undefined;
  return activity.from?.id || undefined;
}
