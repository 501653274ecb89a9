// Typed commands of the escalation capability, one small function each. "eingang ESK-… <sub-command>"
// has the typed equivalents of the card buttons, looked up in INBOX_SUBCOMMANDS.
import { withPreposition } from '../../src/institutions/grammar.js';
import type { TurnContext } from 'botbuilder';
import type { DialogContext } from 'botbuilder-dialogs';
import { channelAddressOf } from '../../src/bot/address.js';
import type { CapabilityContext } from '../../src/bot/capability.js';
import { say, sendCard } from '../../src/bot/reply.js';
import { turnInfo } from '../../src/bot/turn.js';
import { TEXT_COMMANDS } from '../../src/cards/escalationCards.js';
import { CASE_ID_IN_TEXT } from '../../src/escalations/types.js';
import { resolvePlace } from '../../src/roles/places.js';
import { normalize } from '../../src/text/normalize.js';
import { runAction, showCase, type Escalations } from './replies.js';
import { TEXT_DIALOG, type TextOptions } from './textDialog.js';
import { is, WORDS } from './words.js';

/** A case id anywhere in the arguments, and the rest. */
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

type SubCommand = (dc: DialogContext, esc: Escalations, caseId: string, text: string) => Promise<unknown>;

/** Asks for the text in the next message when none followed the word. */
function withText(verb: 'ask' | 'resolve'): SubCommand {
  return (dc, esc, caseId, text) => (text ? runAction(dc.context, esc, { verb, caseId, text }) : dc.beginDialog(TEXT_DIALOG, { verb, caseId } satisfies TextOptions));
}

/**
 * "zuweisen <Name>" (the label the buttons show; an id is still understood), or without a name the
 * unit's coordinators as buttons. The buttons send the name: what a click writes into the chat shows no id.
 */
const assign: SubCommand = async (dc, esc, caseId, text) => {
  const ctx = dc.context;
  const info = turnInfo(ctx);
  const c = esc.service.get(caseId);
  const labels = c ? esc.service.names.memberLabels(c.unitId, info.t('escalations.someone.choice')) : [];
  if (text) {
    const named = labels.filter((m) => normalize(m.label) === normalize(text));
    return runAction(ctx, esc, { verb: 'assign', caseId, to: named.length === 1 ? named[0]!.userKey : text.split(/\s+/)[0]! });
  }
  if (!c || info.identity.role !== 'coordinator' || info.identity.unitId !== c.unitId) return say(ctx, info.t('errors.noAccess'));
  const words = TEXT_COMMANDS[info.locale];
  const choices = labels.filter((m) => m.userKey !== c.assignee).slice(0, 10);
  return say(ctx, info.t('escalations.assign.choose', { id: caseId }), choices.map((m) => ({ title: m.label, value: `${words.inbox} ${caseId} ${words.assign} ${m.label}` })));
};

/** In the order they are tried (as the words of one may not be the words of another). */
const INBOX_SUBCOMMANDS: [readonly string[], SubCommand][] = [
  [WORDS.take, (dc, esc, caseId) => runAction(dc.context, esc, { verb: 'take', caseId })],
  [WORDS.reopen, (dc, esc, caseId) => runAction(dc.context, esc, { verb: 'reopen', caseId })],
  [WORDS.ask, withText('ask')],
  [WORDS.resolve, withText('resolve')],
  [WORDS.assign, assign],
];

/** The unit's open cases as a list card. */
async function inboxList(ctx: TurnContext, { service, cards }: Escalations): Promise<unknown> {
  const info = turnInfo(ctx);
  const cases = await service.inbox(info.identity);
  if (!cases) return say(ctx, info.t('errors.noAccess'));
  const { names } = service;
  const entries = cases.map((c) => ({ c, institutionName: names.placeName(c.institutionId), ...(c.assignee ? { assigneeLabel: names.nameOf(c.assignee, c.unitId) || info.t('escalations.someone.label') } : {}) }));
  return sendCard(ctx, cards.list(info.locale, entries, 'inbox', info.t('escalations.inbox.title', { unit: names.placeName(info.identity.unitId!), count: cases.length })));
}

/** Coordinators: "eingang" [ESK-… [übernehmen · zuweisen <id> · rückfrage <Text> · erledigen <Text> · wieder öffnen]]. */
export async function inboxCommand(dc: DialogContext, esc: Escalations, args: string): Promise<unknown> {
  const ctx = dc.context;
  const info = turnInfo(ctx);
  const { caseId, rest } = splitId(args);
  if (!caseId) return inboxList(ctx, esc);
  if (!rest) return showCase(ctx, esc, caseId);
  for (const { norm, text } of subCommand(rest)) {
    const found = INBOX_SUBCOMMANDS.find(([words]) => is(norm, words));
    if (found) return found[1](dc, esc, caseId, text);
  }
  return say(ctx, info.t('escalations.inbox.usage'));
}

/** Officers: "meine eskalationen" [ESK-…]. */
export async function mineCommand(ctx: TurnContext, esc: Escalations, args: string): Promise<unknown> {
  const info = turnInfo(ctx);
  const { caseId } = splitId(args);
  if (caseId) return showCase(ctx, esc, caseId);
  const cases = await esc.service.mine(info.identity);
  const entries = cases.map((c) => ({ c, institutionName: esc.service.names.placeName(c.institutionId) }));
  return sendCard(ctx, esc.cards.list(info.locale, entries, 'own', info.t('escalations.mine.title', { count: cases.length })));
}

/** Officers: "antwort [ESK-…] [Text]"; without an id the one open Rückfrage, or a choice. */
export async function answerCommand(dc: DialogContext, esc: Escalations, args: string): Promise<unknown> {
  const ctx = dc.context;
  const info = turnInfo(ctx);
  let { caseId, rest } = splitId(args);
  if (!caseId) {
    const open = esc.service.questionsFor(info.identity);
    if (open.length === 0) return say(ctx, info.t('escalations.answer.none'));
    if (open.length > 1) {
      const words = TEXT_COMMANDS[info.locale];
      return say(ctx, info.t('escalations.answer.which', { ids: open.join(', ') }), open.slice(0, 10).map((id) => ({ title: id, value: `${words.answer} ${id}` })));
    }
    caseId = open[0]!;
  }
  if (rest) return runAction(ctx, esc, { verb: 'answer', caseId, text: rest });
  const c = esc.service.get(caseId);
  if (!c) return say(ctx, info.t('escalations.error.notFound', { id: caseId }));
  if (c.requester !== info.identity.userKey) return say(ctx, info.t('errors.noAccess'));
  if (c.status !== 'rueckfrage') return say(ctx, info.t('escalations.answer.notAsked', { id: caseId }));
  return dc.beginDialog(TEXT_DIALOG, { verb: 'answer', caseId } satisfies TextOptions);
}

/** Officers: "eskalation zurückziehen ESK-…". */
export async function withdrawCommand(ctx: TurnContext, esc: Escalations, args: string): Promise<unknown> {
  const info = turnInfo(ctx);
  const { caseId } = splitId(args);
  if (!caseId) return say(ctx, info.t('escalations.withdraw.usage'));
  return runAction(ctx, esc, { verb: 'withdraw', caseId });
}

/** Admins, in a team channel: "als eingang registrieren <Stelle>". */
export async function registerCommand(ctx: TurnContext, esc: Escalations, deps: CapabilityContext, args: string): Promise<unknown> {
  const info = turnInfo(ctx);
  const address = channelAddressOf(ctx.activity);
  if (!address) return say(ctx, info.t('escalations.register.notInChannel'));
  const units = deps.institutions.ofKind('coordination').map((u) => u.name).join(', ');
  if (!args.trim()) return say(ctx, info.t('escalations.register.usage', { units }));
  const place = resolvePlace(deps.institutions, args, 'unit');
  if (!place.ok) return say(ctx, info.t(place.message, place.params));
  const ok = await esc.service.registerInbox(info.identity, place.place.id, address);
  return say(ctx, ok ? info.t('escalations.register.done', { ofUnit: withPreposition('von', place.place, place.place.name, info.locale, { english: 'of' }) }) : info.t('errors.noAccess'));
}
