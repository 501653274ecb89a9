// "dolmetscher adresse neu": a short guided dialog that adds an entry to the institution's interpreter
// address file — kind, name, languages, modes, sworn, contact, then confirm. One step per field, in a table.
import type { TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { turnInfo, type TurnInfo } from '../../src/bot/turn.js';
import { addressListCard } from '../../src/cards/interpreterCards.js';
import type { MessageKey } from '../../src/i18n/i18n.js';
import { languageLabel, resolveLanguageName } from '../../src/language/languageNames.js';
import { parseMode } from '../../src/interpreters/parse.js';
import { fold } from '../../src/text/normalize.js';
import type { InterpreterService } from '../../src/interpreters/service.js';
import { MODES, type Mode } from '../../src/interpreters/store.js';
import { say, sendCard, type ReplyButton as Button } from '../../src/bot/reply.js';
import { cardInfo } from './turnFacts.js';
import { byLocale, LIST_SEPARATOR, W } from './words.js';

export const ADDRESS_DIALOG = 'interpreter.address';

const NAME_MAX = 100;
const CONTACT_MAX = 200;

type AddressPhase = 'kind' | 'name' | 'languages' | 'modes' | 'sworn' | 'contact' | 'confirm';

interface AddressState {
  phase: AddressPhase;
  kind?: 'service' | 'person';
  name?: string;
  languages?: string[];
  modes?: Mode[];
  sworn?: boolean;
  contact?: string;
}

/** An answer: the next phase after writing it into the state, or a note to ask again with ('' = no note). */
type StepResult = { next: AddressPhase } | { again: string } | 'save';

interface Step {
  ask(info: TurnInfo, state: AddressState): { text: string; buttons?: Button[] };
  answer(info: TurnInfo, state: AddressState, text: string): StepResult;
}

const modeTitle = (info: TurnInfo, m: Mode) => info.t(`interpreters.mode.${m}` as MessageKey);
const yesNo = (info: TurnInfo): Button[] => [
  { title: info.t('interpreters.address.yes'), value: byLocale(info.locale, 'ja', 'yes') },
  { title: info.t('interpreters.address.no'), value: byLocale(info.locale, 'nein', 'no') },
];

function kindOf(info: TurnInfo, folded: string): 'service' | 'person' | undefined {
  if (W.kindService.has(folded) || folded === fold(info.t('interpreters.address.kind.service'))) return 'service';
  if (W.kindPerson.has(folded) || folded === fold(info.t('interpreters.address.kind.person'))) return 'person';
  return undefined;
}

function languagesOf(text: string): { codes: string[]; unknown: string[] } {
  const codes: string[] = [];
  const unknown: string[] = [];
  for (const part of text.split(LIST_SEPARATOR).filter(Boolean)) {
    const r = resolveLanguageName(part);
    if ('code' in r) codes.push(r.code);
    else if ('ambiguous' in r) codes.push(...r.ambiguous.map((a) => a.code));
    else unknown.push(part.slice(0, 30));
  }
  return { codes, unknown };
}

const STEPS: Record<AddressPhase, Step> = {
  kind: {
    ask: (info) => ({ text: info.t('interpreters.address.ask.kind'), buttons: (['service', 'person'] as const).map((k) => ({ title: info.t(`interpreters.address.kind.${k}`), value: info.t(`interpreters.address.kind.${k}`) })) }),
    answer(info, state, text) {
      const kind = kindOf(info, fold(text));
      if (!kind) return { again: info.t('interpreters.address.ask.kindAgain') };
      state.kind = kind;
      return { next: 'name' };
    },
  },
  name: {
    ask: (info, state) => ({ text: info.t(state.kind === 'person' ? 'interpreters.address.ask.namePerson' : 'interpreters.address.ask.nameService') }),
    answer(info, state, text) {
      const name = text.replace(/\s+/g, ' ').trim();
      if (name.length > NAME_MAX) return { again: info.t('interpreters.address.tooLong', { max: NAME_MAX }) };
      state.name = name;
      return { next: 'languages' };
    },
  },
  languages: {
    ask: (info) => ({ text: info.t('interpreters.address.ask.languages') }),
    answer(info, state, text) {
      const { codes, unknown } = languagesOf(text);
      if (unknown.length > 0 || codes.length === 0) return { again: info.t('interpreters.address.unknownLanguages', { names: unknown.join(', ') || text.slice(0, 30) }) };
      state.languages = [...new Set(codes)].slice(0, 30);
      return { next: 'modes' };
    },
  },
  modes: {
    ask: (info) => ({
      text: info.t('interpreters.address.ask.modes'),
      buttons: [...MODES.map((m) => ({ title: modeTitle(info, m), value: modeTitle(info, m) })), { title: info.t('interpreters.address.allModes'), value: byLocale(info.locale, 'alle', 'all') }],
    }),
    answer(info, state, text) {
      const parts = text.split(LIST_SEPARATOR);
      const modes = W.all.has(fold(text)) ? [...MODES] : MODES.filter((m) => parts.some((p) => parseMode(p) === m || fold(p) === fold(modeTitle(info, m))));
      if (modes.length === 0) return { again: info.t('interpreters.mode.unrecognised') };
      state.modes = modes;
      return { next: 'sworn' };
    },
  },
  sworn: {
    ask: (info) => ({ text: info.t('interpreters.address.ask.sworn'), buttons: yesNo(info) }),
    answer(_info, state, text) {
      const folded = fold(text);
      if (W.yes.has(folded) || W.sworn.has(folded)) state.sworn = true;
      else if (W.none.has(folded)) state.sworn = false;
      else return { again: '' };
      return { next: 'contact' };
    },
  },
  contact: {
    ask: (info) => ({ text: info.t('interpreters.address.ask.contact'), buttons: [{ title: info.t('interpreters.address.noContact'), value: byLocale(info.locale, 'keine', 'none') }] }),
    answer(info, state, text) {
      if (W.none.has(fold(text))) delete state.contact;
      else if (text.length > CONTACT_MAX) return { again: info.t('interpreters.address.tooLong', { max: CONTACT_MAX }) };
      else state.contact = text.replace(/\s+/g, ' ').trim();
      return { next: 'confirm' };
    },
  },
  confirm: {
    ask(info, state) {
      const { t, locale } = info;
      const languages = (state.languages ?? []).map((l) => languageLabel(l, locale)).join(', ');
      const modes = (state.modes ?? []).map((m) => modeTitle(info, m)).join('/');
      const kind = t(`interpreters.address.kind.${state.kind ?? 'service'}`);
      return {
        text: t('interpreters.address.ask.confirm', { kind, languages, modes, sworn: t(state.sworn ? 'interpreters.address.yes' : 'interpreters.address.no') }),
        buttons: [{ title: t('interpreters.address.save'), value: t('interpreters.address.save') }, { title: t('interpreters.summary.cancel'), value: byLocale(locale, 'abbrechen', 'cancel') }],
      };
    },
    answer: (info, _state, text) => (W.send.has(fold(text)) || fold(text) === fold(info.t('interpreters.address.save')) ? 'save' : { again: '' }),
  },
};

export class AddressEntryDialog extends Dialog {
  constructor(private readonly service: InterpreterService) {
    super(ADDRESS_DIALOG);
  }

  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const info = turnInfo(dc.context);
    if (!this.service.mayRequest(info.identity)) {
      await say(dc.context, info.t('errors.noAccess'));
      return dc.endDialog();
    }
    const state = dc.activeDialog!.state as AddressState;
    state.phase = 'kind';
    return this.prompt(dc, state, '');
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const info = turnInfo(dc.context);
    const state = dc.activeDialog!.state as AddressState;
    const text = (dc.context.activity.text ?? '').trim();
    if (!text) return this.prompt(dc, state, '');
    const result = STEPS[state.phase].answer(info, state, text);
    if (result === 'save') return this.save(dc, state);
    if ('again' in result) return this.prompt(dc, state, result.again);
    state.phase = result.next;
    return this.prompt(dc, state, '');
  }

  private async prompt(dc: DialogContext, state: AddressState, note: string): Promise<DialogTurnResult> {
    const { text, buttons } = STEPS[state.phase].ask(turnInfo(dc.context), state);
    await say(dc.context, (note ? note + '\n\n' : '') + text, buttons ?? []);
    return Dialog.EndOfTurn;
  }

  private async save(dc: DialogContext, state: AddressState): Promise<DialogTurnResult> {
    const info = turnInfo(dc.context);
    const result = await this.service.addEntry(info.identity, {
      kind: state.kind ?? 'service',
      name: state.name ?? '',
      languages: state.languages ?? [],
      modes: state.modes ?? [],
      sworn: state.sworn ?? false,
      ...(state.contact ? { contact: state.contact } : {}),
    });
    if (!result.ok) {
      const key = result.reason === 'limit' ? 'interpreters.address.limit' : result.reason === 'forbidden' ? 'errors.noAccess' : 'interpreters.outcome.invalid';
      await say(dc.context, info.t(key));
      return dc.endDialog();
    }
    await showAddressFile(dc.context, this.service, info.t('interpreters.address.added', { id: result.value.id }));
    return dc.endDialog(result.value.id);
  }
}

/** The institution's address file as a card (each entry read is audited by the service). */
export async function showAddressFile(ctx: TurnContext, service: InterpreterService, notice?: string): Promise<void> {
  const info = turnInfo(ctx);
  if (!service.mayRequest(info.identity)) return say(ctx, info.t('errors.noAccess'));
  const entries = await service.entries(info.identity);
  const name = service.institutionName(info.identity.institutionId!);
  await sendCard(ctx, addressListCard(cardInfo(info, service.timeZone), name, entries, notice));
}
