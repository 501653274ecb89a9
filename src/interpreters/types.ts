// What the interpreter capability hands to its dialogs and renderers: outcomes, inputs, the view a card is
// built from, card verbs and the renderer port for proactive messages. Plain data only.
import type { CostEstimate } from './cost.js';
import type { AddressEntry, InterpreterRequest, Mode, Purpose, Urgency } from './store.js';

/** Who may request interpreters and keep an address file: officers (of a JVA or a Bezirksregierung). */
export const INTERPRETER_ROLES = ['officer'] as const;

export type Failure =
  | 'forbidden' // role may not do this
  | 'notFound' // no such record, or not visible to the actor (never tells which)
  | 'stale' // the card was older than the record
  | 'wrongStatus' // e.g. confirming a cancelled request
  | 'invalid' // input failed validation
  | 'past' // the appointment lies in the past
  | 'limit';

export type Outcome<T> = { ok: true; value: T } | { ok: false; reason: Failure; current?: InterpreterRequest };

export const fail = <T>(reason: Failure, current?: InterpreterRequest): Outcome<T> => ({ ok: false, reason, ...(current ? { current } : {}) });

/** A request as the dialog assembled it. */
export interface RequestInput {
  language: string;
  languageSource: 'named' | 'detected';
  dialect?: string;
  start: Date;
  durationMin: number;
  mode: Mode;
  placeId?: string;
  placeText?: string;
  purpose: Purpose;
  urgency: Urgency;
  caseRef?: string;
}

export interface EntryInput {
  kind: AddressEntry['kind'];
  name: string;
  languages: string[];
  modes: Mode[];
  sworn: boolean;
  contact?: string;
}

/** What an organiser sends with "bestätigen". */
export interface ConfirmInput {
  entryId?: string;
  interpreter?: string;
  note?: string;
}

/** Where a card action came from: the conversation (for actions taken in the inbox channel). */
export interface ActionOrigin {
  conversationId?: string;
}

/** A request with what the cards need beside it (resolved by the service). */
export interface RequestView {
  request: InterpreterRequest;
  institutionName: string;
  placeName?: string;
  entry?: AddressEntry;
  estimate?: CostEstimate;
}

/** What the request dialog has collected so far, as its summary card shows it. */
export interface DraftView {
  language?: string;
  languageSource?: 'named' | 'detected';
  dialect?: string;
  start?: Date;
  durationMin?: number;
  mode?: Mode;
  placeName?: string;
  placeText?: string;
  purpose?: Purpose;
  urgency: Urgency;
  caseRef?: string;
}

/** Fields of the draft the officer can change from the summary. */
export const FIELDS = ['language', 'dialect', 'when', 'duration', 'mode', 'place', 'purpose', 'urgency', 'caseRef'] as const;
export type Field = (typeof FIELDS)[number];

/** Action.Execute verbs of the organiser card. */
export const VERBS = {
  confirm: 'interpreter.confirm',
  decline: 'interpreter.decline',
  done: 'interpreter.done',
  refresh: 'interpreter.refresh',
} as const;
export type Verb = (typeof VERBS)[keyof typeof VERBS];
export const ALL_VERBS: string[] = Object.values(VERBS);

export type RequesterNotice = 'confirmed' | 'declined' | 'done';

export interface OrganiserCardOptions {
  suggestions: AddressEntry[];
  inChannel?: boolean;
  requesterIsOrganiser?: boolean;
  notice?: string;
}

/** A message as the outbox carries it: summary text and an optional card. */
export interface RenderedMessage {
  text: string;
  card?: Record<string, unknown>;
}

/**
 * Turns views into proactive messages; the dialog layer provides it. `locale` is the locale the target's
 * conversation last used (undefined when unknown).
 */
export interface InterpreterRenderer {
  organiserCard(locale: string | undefined, view: RequestView, opts: OrganiserCardOptions): RenderedMessage;
  requesterNotice(locale: string | undefined, view: RequestView, what: RequesterNotice): RenderedMessage;
  cancelledForOrganiser(locale: string | undefined, id: string): RenderedMessage;
}
