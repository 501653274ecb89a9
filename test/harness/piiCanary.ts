// The PII canary of issue 10: a fictional person typed into the bot's free-text fields, and a scan of
// everything the bot keeps or sends afterwards (DATA_DIR, logs, proactive payloads, outbox rows).
import { expect } from 'chai';
import type { BotClient, TestUser } from './botClient.js';
import type { Received } from './fakeConnector.js';
import type { BotSession } from './useBot.js';
import { readStoreData, storedText } from './testStore.js';

/** A fictional person (no gazetteer shortcut: no "Herr/Frau", a name in no list of known names). */
export const CANARY = {
  name: 'Jovana Petrović-Kessler',
  phone: '+49 170 5550 1234',
  mail: 'canary.person@example.org',
  born: '14.03.1987',
} as const;

/** All four in one sentence, as an officer would write it. */
export const CANARY_TEXT = `Es geht um ${CANARY.name}, geb. ${CANARY.born}, Tel. ${CANARY.phone}, ${CANARY.mail}; bitte um Rückmeldung zum weiteren Vorgehen.`;
/** The bare name only, without any cue. */
export const CANARY_NAME = CANARY.name;

/** Parts of the canary worth searching for on their own (a surname alone is a leak too). */
export const CANARY_PARTS: Record<string, string> = {
  ...CANARY,
  surname: 'Petrović-Kessler',
  phoneDigits: '5550 1234',
  mailLocal: 'canary.person',
};

/** A store's document on the tests' engine (the JSON file's data, or the database's rows). */
export async function readJson(dataDir: string, file: string): Promise<any> {
  return (await readStoreData(dataDir, file)) ?? {};
}

/** Sends an Action.Execute invoke as Teams does for a card button. */
export async function invoke(session: BotSession, user: TestUser, verb: string, data: Record<string, unknown>): Promise<{ status: number; text: string }> {
  const res = await session.client.send(user, { type: 'invoke', name: 'adaptiveCard/action', text: undefined, value: { action: { type: 'Action.Execute', verb, data } } });
  return { status: res.status, text: res.body };
}

export interface Scan {
  stored: string;
  logs: string;
  /** Proactive payloads (outbox sends and card updates) to every conversation. */
  sent: string;
}

/**
 * A reply within a turn is posted to the activity it answers (`/activities/{id}` with an id the client
 * sent) and may echo what the typist wrote (a refusal says what it refused); it is not stored. Everything
 * else the connector got is proactive: outbox sends (to a continuation activity's fresh id), in-place
 * updates (PUT) and new conversations.
 */
export function isTurnReply(client: BotClient, r: Received): boolean {
  return r.method === 'POST' && r.activityId !== undefined && client.sentIds.has(r.activityId);
}

/** What the bot kept (DATA_DIR and, on PostgreSQL, the database) and sent. */
export async function scan(session: BotSession): Promise<Scan> {
  const stored = await storedText(session.bot.dataDir);
  const logs = JSON.stringify(session.bot.logs) + session.bot.stderr();
  const proactive = session.connector.received.filter((r) => !isTurnReply(session.client, r));
  return { stored, logs, sent: JSON.stringify(proactive.map((r) => r.body)) };
}

export function expectNoCanary(result: Scan): void {
  for (const [kind, value] of Object.entries(CANARY_PARTS)) {
    expect(result.stored, `${kind} in DATA_DIR`).not.to.contain(value);
    expect(result.logs, `${kind} in the logs`).not.to.contain(value);
    expect(result.sent, `${kind} in a proactive payload`).not.to.contain(value);
  }
}

/** The store holds no part of the canary — also while a dialog waits (its state is in state.json). */
export async function expectStoredClean(session: BotSession, when: string): Promise<void> {
  const stored = await storedText(session.bot.dataDir);
  for (const [kind, value] of Object.entries(CANARY_PARTS)) expect(stored, `${kind} in DATA_DIR ${when}`).not.to.contain(value);
}

/** Waits until the outbox has sent every row, except those to `unreachable` users (they stay pending). */
export async function outboxSettled(session: BotSession, unreachable: string[] = []): Promise<void> {
  await until(async () => {
    const rows = Object.values((await readJson(session.bot.dataDir, 'delivery.json')).rows ?? {}) as { status: string; target: { userKey?: string } }[];
    return rows.every((r) => r.status === 'sent' || unreachable.includes(r.target.userKey ?? ''));
  }, 'the outbox to settle');
}

export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
