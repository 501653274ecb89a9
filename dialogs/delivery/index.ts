// Delivery capability (admins): "zustellung" / "delivery" [wiederholen | reaktivieren <Ziel>] —
// targets the outbox cannot reach and messages it gave up on (keys and ids only); retry and revive.
// It owns no file; a module of its own so it sits at the end of the admin menu.
import type { TurnContext } from 'botbuilder';
import type { Capability, CapabilityContext, OpenCapabilityModule } from '../../src/bot/capability.js';
import { say, sendCard } from '../../src/bot/reply.js';
import { turnInfo } from '../../src/bot/turn.js';
import { DELIVERY_COMMANDS, deliveryCard } from '../../src/cards/deliveryCards.js';
import { normalize } from '../../src/text/normalize.js';

export const DELIVERY_PHRASES = ['zustellung', 'delivery'];
const WORDS = {
  retry: ['wiederholen', 'erneut', 'retry', 'again'],
  revive: ['reaktivieren', 'revive', 'wiederbeleben'],
};
/** Targets are directory keys: recorded in the audit log only when they look like one. */
const TARGET_KEY = /^[^\s\p{C}]{1,200}$/u;

type SubCommand = (ctx: TurnContext, deps: CapabilityContext, more: string[]) => Promise<unknown>;

const retry: SubCommand = async (ctx, deps) => {
  const { identity, t } = turnInfo(ctx);
  const n = await deps.delivery.retry();
  await deps.audit.record({ actor: identity.userKey, action: 'delivery.retry', role: identity.role, outcome: 'ok' });
  return say(ctx, t('delivery.retried', { count: n }));
};

const revive: SubCommand = async (ctx, deps, more) => {
  const { identity, t } = turnInfo(ctx);
  const target = more[0] ?? '';
  const ok = target ? await deps.delivery.revive(target) : false;
  await deps.audit.record({ actor: identity.userKey, action: 'delivery.revive', ...(target && TARGET_KEY.test(target) ? { record: target } : {}), role: identity.role, outcome: ok ? 'ok' : 'rejected' });
  // Echoed inside our sentence: no markup, no links.
  const shown = target.slice(0, 80).replace(/[[\]*_~`#<>|\\]|:\/\//g, '');
  return say(ctx, ok ? t('delivery.revived', { target: shown }) : t('delivery.notDead', { target: shown }));
};

const view: SubCommand = async (ctx, deps) => {
  const info = turnInfo(ctx);
  await deps.audit.record({ actor: info.identity.userKey, action: 'delivery.view', role: info.identity.role, outcome: 'ok' });
  return sendCard(ctx, deliveryCard({ t: info.t, fmt: info.fmt, locale: info.locale }, deps.delivery.deadTargets(), deps.delivery.undelivered()));
};

export async function deliveryCommand(ctx: TurnContext, deps: CapabilityContext, args: string): Promise<unknown> {
  const [first, ...more] = args.trim().split(/\s+/).filter(Boolean);
  const norm = normalize(first ?? '');
  if (WORDS.retry.includes(norm)) return retry(ctx, deps, more);
  if (WORDS.revive.includes(norm)) return revive(ctx, deps, more);
  return view(ctx, deps, more);
}

export function deliveryCapability(deps: CapabilityContext): Capability {
  return {
    id: 'delivery',
    phrases: DELIVERY_PHRASES,
    roles: ['admin'],
    menu: { label: 'delivery.menu', command: { de: DELIVERY_COMMANDS.de.view, en: DELIVERY_COMMANDS.en.view } },
    start: (dc, args) => deliveryCommand(dc.context, deps, args),
  };
}

export const openDeliveryModule: OpenCapabilityModule = async (ctx) => ({ capabilities: [deliveryCapability(ctx)], close: async () => {} });
