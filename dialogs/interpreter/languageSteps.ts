// The language of a request: named ("Arabisch", "ar"), picked from a choice (an ambiguous name), or
// detected from a pasted sample and confirmed. The sample itself is neither stored nor logged.
import { Dialog, type DialogTurnResult } from 'botbuilder-dialogs';
import type { MessageKey } from '../../src/i18n/i18n.js';
import { languageLabel, resolveLanguageName } from '../../src/language/languageNames.js';
import { parseOneShot, wantsDetection } from '../../src/interpreters/parse.js';
import { fold } from '../../src/text/normalize.js';
import { looksLikeSample } from './draft.js';
import { say, type ReplyButton as Button } from '../../src/bot/reply.js';
import type { RequestTurn } from './requestTurn.js';
import { byLocale, W } from './words.js';

const detectButton = (turn: RequestTurn): Button => ({ title: turn.info.t('interpreters.ask.detectButton'), value: byLocale(turn.info.locale, 'erkennen', 'detect') });
const otherButton = (turn: RequestTurn): Button => ({ title: turn.info.t('interpreters.ask.otherLanguageButton'), value: byLocale(turn.info.locale, 'andere', 'other') });

function setLanguage(turn: RequestTurn, code: string, source: 'named' | 'detected'): Promise<DialogTurnResult> {
  turn.state.draft.language = code;
  turn.state.draft.languageSource = source;
  turn.state.choices = undefined;
  return turn.next();
}

/** Offers the languages in `state.choices` to pick from. */
export async function askChoice(turn: RequestTurn, notes: string[], key: MessageKey = 'interpreters.ask.languageChoice'): Promise<DialogTurnResult> {
  const { locale, t } = turn.info;
  turn.state.phase = 'languageChoice';
  const buttons = (turn.state.choices ?? []).map((c) => ({ title: languageLabel(c, locale), value: languageLabel(c, locale) }));
  buttons.push(otherButton(turn));
  await say(turn.dc.context, [...notes, t(key)].join(' '), buttons);
  return Dialog.EndOfTurn;
}

/** Asks for a sample to detect the language from. */
export async function askSample(turn: RequestTurn, notes: string[] = []): Promise<DialogTurnResult> {
  turn.state.phase = 'sample';
  await say(turn.dc.context, [...notes, turn.info.t('interpreters.ask.sample')].join('\n\n'));
  return Dialog.EndOfTurn;
}

export async function answerLanguage(turn: RequestTurn, text: string): Promise<DialogTurnResult> {
  const { t } = turn.info;
  if (wantsDetection(text) && text.length < 40) return askSample(turn);
  const resolved = resolveLanguageName(text);
  if ('code' in resolved) return setLanguage(turn, resolved.code, 'named');
  if ('ambiguous' in resolved) {
    turn.state.choices = resolved.ambiguous.map((r) => r.code);
    return askChoice(turn, []);
  }
  // A sentence naming the language ("für Farsi bitte"), with more slots perhaps.
  const shot = parseOneShot(text, turn.parseOptions());
  if (shot.languages) {
    const notes: string[] = [];
    turn.apply(shot, notes, { overwrite: false });
    if (turn.state.draft.language) {
      turn.state.choices = undefined;
      return turn.next(notes);
    }
    return askChoice(turn, notes);
  }
  // Not a name: a sample in the unknown language?
  if (looksLikeSample(text)) return detect(turn, text);
  await say(turn.dc.context, t('interpreters.language.unknown', { value: text.slice(0, 40) }), [detectButton(turn)]);
  return Dialog.EndOfTurn;
}

/** "andere" → ask for the language again; anything else → read it as a language answer. */
function otherwise(turn: RequestTurn, text: string): Promise<DialogTurnResult> {
  turn.state.choices = undefined;
  if (W.other.has(fold(text))) return turn.askField('language', []);
  return answerLanguage(turn, text);
}

export async function answerLanguageChoice(turn: RequestTurn, text: string): Promise<DialogTurnResult> {
  const { locale } = turn.info;
  const choices = turn.state.choices ?? [];
  const folded = fold(text);
  const byNumber = /^\d$/.test(folded) ? choices[Number(folded) - 1] : undefined;
  if (byNumber) return setLanguage(turn, byNumber, 'named');
  const byLabel = choices.find((c) => fold(languageLabel(c, locale)) === folded || fold(languageLabel(c, locale === 'de' ? 'en' : 'de')) === folded || c === folded);
  if (byLabel) return setLanguage(turn, byLabel, 'named');
  return otherwise(turn, text);
}

/** Language codes a detection names, best first, without repeats. */
function candidatesOf(detection: { language: string; confidence: number; alternatives?: { language: string }[] }): string[] {
  const candidates: string[] = [];
  const add = (code: string) => {
    const r = resolveLanguageName(code);
    const codes = 'code' in r ? [r.code] : 'ambiguous' in r ? r.ambiguous.map((a) => a.code) : [];
    for (const c of codes) if (!candidates.includes(c)) candidates.push(c);
  };
  if (detection.language !== 'und' && detection.confidence > 0) add(detection.language);
  for (const alt of detection.alternatives ?? []) add(alt.language);
  return candidates;
}

/** Detects the language of a pasted sample; the sample itself is neither stored nor logged. */
export async function detect(turn: RequestTurn, sample: string): Promise<DialogTurnResult> {
  const { t, locale } = turn.info;
  const detection = await turn.deps.language.detect(sample.slice(0, 2000));
  turn.deps.log.info('interpreter.detected', { source: detection.source, language: detection.language, confidence: Math.round(detection.confidence * 100) / 100 });
  const candidates = candidatesOf(detection);
  if (candidates.length === 0) {
    turn.state.phase = 'language';
    await say(turn.dc.context, t('interpreters.detect.none'), [detectButton(turn)]);
    return Dialog.EndOfTurn;
  }
  const choices = candidates.slice(0, 4);
  turn.state.choices = choices;
  turn.state.phase = 'confirmDetection';
  const params = {
    language: languageLabel(choices[0]!, locale),
    confidence: Math.round(detection.confidence * 100),
    source: t(detection.source === 'azure' ? 'interpreters.detect.sourceAzure' : 'interpreters.detect.sourceOffline'),
  };
  const buttons = [{ title: t('interpreters.detect.yes', { language: params.language }), value: byLocale(locale, 'ja', 'yes') }];
  for (const c of choices.slice(1)) buttons.push({ title: languageLabel(c, locale), value: languageLabel(c, locale) });
  buttons.push(otherButton(turn));
  await say(turn.dc.context, t(detection.confidence < 0.5 ? 'interpreters.detect.unsure' : 'interpreters.detect.found', params), buttons);
  return Dialog.EndOfTurn;
}

export async function answerConfirmDetection(turn: RequestTurn, text: string): Promise<DialogTurnResult> {
  const folded = fold(text);
  const choices = turn.state.choices ?? [];
  if (W.yes.has(folded) && choices[0]) return setLanguage(turn, choices[0], 'detected');
  const picked = choices.find((c) => fold(languageLabel(c, turn.info.locale)) === folded);
  if (picked) return setLanguage(turn, picked, 'detected');
  return otherwise(turn, text);
}
