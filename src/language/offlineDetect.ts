// Offline language detection for short texts (DESIGN §7). A combination, chosen by measurement
// (bench/language.ts, figures in the README):
//   1. the script decides the candidate set (Georgian → ka; Ethiopic → ti/am; Arabic, Cyrillic, Latin);
//   2. letters only one candidate language uses decide on their own (ټ ډ ښ → Pashto, ڕ ڵ ێ ە → Sorani,
//      ї є ґ → Ukrainian, ђ ћ → Serbian, ı ğ → Turkish, ą ł ż → Polish, ș ț ă → Romanian, ë → Albanian …);
//   3. frequent function words settle the rest where a model is weak or blind (Kurmanji, Somali, Darija,
//      Bulgarian vs Russian);
//   4. a statistical model answers whatever is left: franc restricted to the languages plausible here
//      (shipped), optionally eld (60 languages) first with franc for the ones eld does not know.
// Shipped: rules + franc restricted — 99 % / 91 % (dev / held-out, families counted as one) at ~5 MB,
// against 100 % / 93 % with eld extrasmall added at ~50 MB and 67 % / 60 % for franc alone.
// Serbian/Croatian/Bosnian in Latin script cannot be told apart from a few words: they come back as the
// family `sh` with hr/sr/bs as alternatives. Persian and Dari likewise: `fa` with `prs` as alternative.
import type { LanguageCandidate } from './types.js';

export type EldSize = 'extrasmall' | 'small' | 'medium' | 'large';

/** Which parts to use; the bench measures several, the service runs `CHOSEN_DETECTOR`. */
export interface DetectorSpec {
  /** eld model size, or none. */
  eld: EldSize | 'none';
  /** Script letters and marker words (steps 1–3 above). Without them the model answers alone. */
  rules: boolean;
  /** franc over all its 187 languages, restricted to the plausible ones, or not at all. */
  franc: 'all' | 'restricted' | 'none';
}

/** The shipped configuration (see the accuracy/memory table in the README; `npm run bench`). To trade
 *  ~45 MB of memory for about two points of accuracy, use `{ eld: 'extrasmall', rules: true, franc: 'restricted' }`. */
export const CHOSEN_DETECTOR: DetectorSpec = { eld: 'none', rules: true, franc: 'restricted' };

export interface Guess extends LanguageCandidate {
  alternatives?: LanguageCandidate[];
}

export const UNDETERMINED: Guess = { language: 'und', confidence: 0 };

type Script = 'Latin' | 'Cyrillic' | 'Arabic' | 'Ethiopic' | 'Georgian' | 'other';

interface EldResult {
  language: string;
  getScores(): Record<string, number>;
  isReliable(): boolean;
}
interface EldLike {
  detect(text: string): EldResult;
}
type FrancAll = (value: string, options?: { only?: string[]; minLength?: number }) => [string, number][];

// ---------------------------------------------------------------------------------------------------
// Codes

const CODE_OVERRIDES: Record<string, string> = {
  prs: 'prs', // Intl would make it fa-AF; we keep Dari as prs (see languageNames.ts)
  kmr: 'kmr', // Intl would make it ku
  zlm: 'ms',
  tgl: 'tl',
  und: 'und',
};

/**
 * A detector's code → ours: ISO 639-1 where one exists (Intl canonicalisation: deu → de, arb → ar,
 * pes → fa, pbu → ps, als → sq), with Kurdish by script (eld's `ku` is Sorani; franc's Latin `ckb` is
 * Kurmanji in practice), Dari kept as prs.
 */
export function canonicalCode(code: string, script?: Script): string {
  if (!code) return 'und';
  if (code === 'ku' || code === 'ckb' || code === 'kur') return script === 'Latin' ? 'kmr' : 'ckb';
  const override = CODE_OVERRIDES[code];
  if (override) return override;
  try {
    return (Intl.getCanonicalLocales(code)[0] ?? code).split('-')[0]!;
  } catch {
    return code;
  }
}

const SH_FAMILY = new Set(['sh', 'hr', 'sr', 'bs']);

// ---------------------------------------------------------------------------------------------------
// Text facts

const SCRIPT_TESTS: [Script, RegExp][] = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Arabic', /\p{Script=Arabic}/u],
  ['Ethiopic', /\p{Script=Ethiopic}/u],
  ['Georgian', /\p{Script=Georgian}/u],
];
const LETTER = /\p{L}/u;

/** Letters per script; `other` counts letters of any further script (Greek, Han, Hebrew …). */
export function scriptCounts(text: string): Record<Script, number> {
  const counts: Record<Script, number> = { Latin: 0, Cyrillic: 0, Arabic: 0, Ethiopic: 0, Georgian: 0, other: 0 };
  for (const ch of text) {
    if (!LETTER.test(ch)) continue;
    const hit = SCRIPT_TESTS.find(([, re]) => re.test(ch));
    counts[hit ? hit[0] : 'other']++;
  }
  return counts;
}

const ARABIC_MARKS = /[\u064B-\u065F\u0670\u0640]/g; // harakat, superscript alef, tatweel

/** Lower-cased words without punctuation (letters and digits only; digits kept for Arabizi). */
function tokens(text: string): string[] {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(ARABIC_MARKS, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

function count(text: string, re: RegExp): number {
  return text.match(re)?.length ?? 0;
}

// ---------------------------------------------------------------------------------------------------
// Marker words: frequent function words and everyday words that are (nearly) unique to one language
// among the candidates of the same script. Written from general knowledge of the languages; words two
// candidate languages share ("me", "je", "mi", "doctor") are left out, since one hit can decide.

const words = (s: string) => new Set(s.split(/\s+/).filter(Boolean));

const LATIN_MARKERS: Record<string, Set<string>> = {
  de: words(
    'ich nicht und ist bitte brauche möchte moechte kann mein meine meinen mit der die das ein einen eine wann wo warum haben habe wir danke heute morgen arzt anwalt sprechen hilfe ' +
      'bin mir mich dich du er es ihr sind nach hause zu auf aus von bei für fuer gut gute kalt müde muede angst geld kopf tut weh darf wer wie noch schon kein keine keinen nein ja ' +
      'nacht schön schoen hier dort jetzt sehr viel trinken wasser schlafen duschen telefonieren besuch bruder schwester mutter vater frau kind sohn tochter freund jahre ' +
      'spät spaet komme kommt gehen geht sag sagen ihm ihn leid alles klar warte warten brauchen zelle tür tuer essen verstehe weiß weiss',
  ),
  en: words(
    'the you is are please need want when where why what not have this thank thanks help lawyer family talk ' +
      'i my do don t can cannot will would like go get it he she we they his our your there here from very much good sick ill hurts hungry tired scared ' +
      'cold money home today tomorrow time call phone sorry yes night sleep come be been was were has had does did who how which that and or of for ' +
      'with at on up out all right see later wait letter send cell door closed food eat water shower work friend brother sister mother father wife child son ' +
      'daughter years old understand feel',
  ),
  fr: words('je j ne pas le les une est suis veux voudrais besoin mon mes où quand pourquoi avec merci bonjour il plaît plait avocat médecin medecin famille parler peux'),
  tr: words('ben sen bir ve bu nerede neden nasıl nasil lütfen lutfen var yok istiyorum değil degil mı için icin ile çok cok evet hayır hayir teşekkür tesekkur ederim merhaba benim beni bana annem babam ailem ailemi zaman yardım yardim'),
  pl: words('nie jest się sie tak co jak gdzie kiedy dlaczego proszę prosze dziękuję dziekuje mam chcę chce mnie mój moj moja moje tego czy jestem pan pani lekarz lekarza rodzina rodziny pieniądze pieniadze'),
  ro: words('nu eu este sunt vreau meu mea mei unde când cand și pentru mulțumesc multumesc rog banii să mă vă cu familia'),
  sq: words('unë une është eshte jam kam ke dua nuk jo kur çfarë cfare pse një nje të im ime mia faleminderit ju lutem mjek mjekun familjen familja flas ndihmë ndihme sot nesër neser dje'),
  sh: words('ona oni sam smo ste su nije nisam što sta šta gdje gde kada zašto zasto molim hvala trebam treba hoću hocu želim zelim mogu moj moja moje novac pare doktor doktora liječnik lijecnik lekar ljekar porodica porodicu obitelj advokat odvjetnik sada danas sutra jučer jucer juče juce ovo ovaj ova sa'),
  kmr: words('ez hûn ew min wî wê ji bi û jî heye hebe nîne nine dixwazim dixwaze dixwazin dikarim dikare bikim bike dikim nakim xwe çi kengî kengi çima cima çawa cawa spas malbat malbata nexweş nexwes bijîşk bijisk zarok pere îro sibê duh baş erê yê yên'),
  so: words('waxaan waxa waa iyo ayaan ayaa waxay wuxuu fadlan maxaa xaggee halkee sidee goorma baahanahay rabaa doonayaa karaa inaan inuu soo mahadsanid haa maya qof aniga adiga isaga iyada maxay hooyo aabe lacag dhakhtar qoyska qareen caawimaad hadda berri shalay'),
  // Maghrebi Arabic in Latin letters ("Arabizi"); digits stand for Arabic sounds (3 = ع, 7 = ح, 9 = ق).
  ary: words('bghit bghiti dyali dyal wach wash 3afak bzaf bzzaf daba kifach kifash fin mzyan khoya wakha safi chno chkoun ghadi 3lach hna 7ta chokran nta nti'),
};

const CYRILLIC_MARKERS: Record<string, Set<string>> = {
  ru: words('мне меня мой моя мои моё нужен нужна нужно хочу хочет что это как когда почему пожалуйста спасибо есть нет он она они мы вы я со сейчас можно был была тоже очень врач деньги семья семье письмо ещё уже только сегодня завтра здесь'),
  bg: words('аз съм сме сте ще къде какво защо кога искам трябва моля благодаря няма нищо нещо сега тук днес утре пари семейството семейство също този това тази тези който която със във'),
  sr: words('треба је шта што овде сада зашто молим хвала новац породица породицу породици данас сутра јуче хоћу желим нисам где када ово ова овај'),
  uk: words('мені мене мій моя мої потрібен потрібна потрібно хочу що це як коли чому будь ласка дякую є він вона вони ми ви зараз можна лікар гроші родина родині лист сьогодні завтра тут'),
};

const ARABIC_MARKERS: Record<string, Set<string>> = {
  // Maghrebi Darija (Morocco, also Algeria): frequent words that Standard and Levantine Arabic do not use.
  ary: words('بغيت بغا بغينا كنبغي ديال ديالي ديالك ديالو واش فين كيفاش علاش دابا بزاف هاد هادي هادا شحال غادي مزيان عافاك ماشي والو ديما شنو شكون خويا راني كاين درك نتاع برشا توا'),
};

function markerHits(toks: string[], markers: Record<string, Set<string>>): Map<string, number> {
  const hits = new Map<string, number>();
  for (const [lang, set] of Object.entries(markers)) {
    let n = 0;
    for (const t of toks) if (set.has(t)) n++;
    if (n > 0) hits.set(lang, n);
  }
  return hits;
}

/** The language with the most hits if it has at least `min` and clearly more than the runner-up. */
function clearWinner(hits: Map<string, number>, min: number): { lang: string; n: number } | undefined {
  const sorted = [...hits.entries()].sort((a, b) => b[1] - a[1]);
  const [first, second] = sorted;
  if (!first || first[1] < min) return undefined;
  if (second && second[1] * 2 > first[1]) return undefined;
  return { lang: first[0], n: first[1] };
}

// ---------------------------------------------------------------------------------------------------
// Letters that decide on their own

const LATIN_LETTERS: [string, RegExp][] = [
  ['vi', /[\u1EA0-\u1EF9ơưƠƯ]/g],
  ['tr', /[ıİğĞ]/g],
  ['pl', /[ąęłżźśńćĄĘŁŻŹŚŃĆ]/g], // ć is Polish and Serbo-Croatian: counted for both, words decide
  ['ro', /[șțţȘȚŢăĂ]/g],
  ['sq', /[ëË]/g],
  ['sh', /[ćđĆĐ]/g],
  ['de', /ß/g],
];

// Arabic-script letters by language (code points, so similar-looking letters are not confused).
const PASHTO = /[\u067C\u0681\u0685\u0689\u0693\u0696\u069A\u06AB\u06BC\u06CD\u06D0]/g; // ټ ځ څ ډ ړ ږ ښ ګ ڼ ۍ ې
const SORANI = /[\u0695\u06B5\u06C6\u06CE\u06D5]/g; // ڕ ڵ ۆ ێ ە
const URDU = /[\u0679\u0688\u0691\u06BA\u06D2\u06D3]/g; // ٹ ڈ ڑ ں ے ۓ
const PERSIAN_FORMS = /[\u067E\u0686\u0698\u06AF\u06A9\u06CC]/g; // پ چ ژ گ ک ی
const ARABIC_FORMS = /[\u064A\u0643\u0629\u0649]/g; // ي ك ة ى

// Ethiopic: the ኸ (xa) and ቐ (qha) series are Tigrinya, not Amharic; ኣ (glottal a) is Tigrinya spelling.
const TIGRINYA_LETTERS = /[\u12B8-\u12BE\u12C0-\u12C5\u1250-\u125D\u12A3]/g;
const TIGRINYA_WORDS = words('ኣሎ ኣለኹ ኣለዉ እየ ኢዩ ኣይ ናብ ካብ ምስ እዚ እዛ እቲ ከመይ ኣበይ መዓስ ስለምንታይ በጃኹም የቐንየለይ ደሓን');
const AMHARIC_WORDS = words('ነው ናቸው እና ወደ ላይ ውስጥ እኔ አንተ እሱ እሷ አለ አለኝ እፈልጋለሁ ይፈልጋል የት መቼ ለምን እባክህ እባክሽ አመሰግናለሁ ደህና');

// ---------------------------------------------------------------------------------------------------
// franc: restricted to the languages officers meet (the priority list) plus German and English, per script (ISO 639-3
// as franc names them). Languages nobody asked for (Hausa, Uzbek, Swahili, Norwegian …) were the usual wrong
// answers for short English and German lines.

const FRANC_ONLY: Record<'Latin' | 'Cyrillic' | 'Arabic' | 'Ethiopic', string[]> = {
  Latin: ['deu', 'eng', 'fra', 'tur', 'pol', 'ron', 'als', 'hrv', 'srp', 'bos', 'som', 'vie', 'ckb'],
  Cyrillic: ['rus', 'ukr', 'bul', 'srp'],
  Arabic: ['arb', 'pes', 'prs', 'pbu'],
  Ethiopic: ['tir', 'amh'],
};
/** Languages eld does not know: franc's answer wins for these. */
const ELD_BLIND = new Set(['so', 'kmr', 'ti', 'ps', 'prs']);

// ---------------------------------------------------------------------------------------------------

export interface LoadStats {
  /** Resident-set growth while the models loaded, in bytes (0 if nothing needed loading). */
  rssDeltaBytes: number;
  heapDeltaBytes: number;
  loadMs: number;
}

export class OfflineDetector {
  private constructor(
    readonly spec: DetectorSpec,
    private readonly eld: EldLike | undefined,
    private readonly francAll: FrancAll | undefined,
    readonly loadStats: LoadStats,
  ) {}

  /** Loads the models of `spec` (dynamic imports: nothing is loaded before the first call). */
  static async load(spec: DetectorSpec = CHOSEN_DETECTOR): Promise<OfflineDetector> {
    const rss0 = process.memoryUsage().rss;
    const heap0 = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    let eld: EldLike | undefined;
    switch (spec.eld) {
      case 'extrasmall':
        eld = (await import('eld/extrasmall')).eld;
        break;
      case 'small':
        eld = (await import('eld/small')).eld;
        break;
      case 'medium':
        eld = (await import('eld/medium')).eld;
        break;
      case 'large':
        eld = (await import('eld/large')).eld;
        break;
      case 'none':
        break;
    }
    const francAll = spec.franc === 'none' ? undefined : ((await import('franc')).francAll as FrancAll);
    const mem = process.memoryUsage();
    return new OfflineDetector(spec, eld, francAll, {
      rssDeltaBytes: Math.max(0, mem.rss - rss0),
      heapDeltaBytes: Math.max(0, mem.heapUsed - heap0),
      loadMs: performance.now() - t0,
    });
  }

  detect(text: string): Guess {
    const sample = text.slice(0, 2000).replace(/https?:\/\/\S+|(?<!\S)\S+@\S+/g, ' ');
    const counts = scriptCounts(sample);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    if (total < 2) return UNDETERMINED;
    const script = (Object.entries(counts) as [Script, number][]).sort((a, b) => b[1] - a[1])[0]![0];
    const guess = this.spec.rules ? this.withRules(sample, script, total) : this.model(sample, script, total);
    return finish(guess, script);
  }

  // -- steps 1–3 --------------------------------------------------------------------------------

  private withRules(text: string, script: Script, letters: number): Guess {
    switch (script) {
      case 'Georgian':
        return { language: 'ka', confidence: 0.95 };
      case 'Ethiopic':
        return this.ethiopic(text, letters);
      case 'Arabic':
        return this.arabic(text, letters);
      case 'Cyrillic':
        return this.cyrillic(text, letters);
      case 'Latin':
        return this.latin(text, letters);
      default:
        return this.model(text, script, letters);
    }
  }

  private ethiopic(text: string, letters: number): Guess {
    const toks = tokens(text);
    const ti = count(text, TIGRINYA_LETTERS) + toks.filter((t) => TIGRINYA_WORDS.has(t)).length * 2;
    const am = toks.filter((t) => AMHARIC_WORDS.has(t)).length * 2;
    if (ti > am) return { language: 'ti', confidence: 0.85, alternatives: [{ language: 'am', confidence: 0.1 }] };
    if (am > ti) return { language: 'am', confidence: 0.8, alternatives: [{ language: 'ti', confidence: 0.15 }] };
    const m = this.model(text, 'Ethiopic', letters);
    // A tie between Tigrinya and Amharic: Tigrinya is the priority language here, say so by confidence.
    if (m.language === 'und' || m.confidence < 0.5) return { language: 'ti', confidence: 0.5, alternatives: [{ language: 'am', confidence: 0.45 }] };
    return m;
  }

  private arabic(text: string, letters: number): Guess {
    if (count(text, PASHTO) > 0) return { language: 'ps', confidence: 0.9 };
    if (count(text, SORANI) > 0) return { language: 'ckb', confidence: 0.9 };
    if (count(text, URDU) > 0) return { language: 'ur', confidence: 0.85 };
    const toks = tokens(text);
    const darija = markerHits(toks, ARABIC_MARKERS).get('ary') ?? 0;
    // Darija negation ما…ش ("ما فهمتش", "مافهمتش").
    const negation = toks.filter((t, i) => t.length > 2 && t.endsWith('ش') && (t.startsWith('ما') || toks[i - 1] === 'ما')).length;
    if (darija + negation > 0) return { language: 'ary', confidence: darija + negation > 1 ? 0.8 : 0.65 };
    const persian = count(text, PERSIAN_FORMS);
    const arabic = count(text, ARABIC_FORMS);
    if (persian > arabic) return { language: 'fa', confidence: 0.85 };
    if (arabic > persian) return { language: 'ar', confidence: 0.85 };
    return this.model(text, 'Arabic', letters);
  }

  private cyrillic(text: string, letters: number): Guess {
    if (/[ўЎ]/.test(text)) return { language: 'be', confidence: 0.9 };
    if (/[ѓќѕЃЌЅ]/.test(text)) return { language: 'mk', confidence: 0.9 };
    if (/[їєґЇЄҐ]/.test(text)) return { language: 'uk', confidence: 0.95 };
    if (/[ђћЂЋ]/.test(text)) return { language: 'sr', confidence: 0.95 };
    if (/[јљњџЈЉЊЏ]/.test(text)) return { language: 'sr', confidence: 0.85, alternatives: [{ language: 'mk', confidence: 0.1 }] };
    const russianLetters = /[ыэёЫЭЁ]/.test(text);
    if (/[іІ]/.test(text) && !russianLetters) return { language: 'uk', confidence: 0.9 };
    if (russianLetters) return { language: 'ru', confidence: 0.9 };
    // Bulgarian ъ stands before consonants and at word ends; Russian ъ only before е ё ю я.
    if (/ъ(?![еёюяЕЁЮЯ])/i.test(text)) return { language: 'bg', confidence: 0.85 };
    const win = clearWinner(markerHits(tokens(text), CYRILLIC_MARKERS), 1);
    if (win) return { language: win.lang, confidence: win.n > 1 ? 0.8 : 0.65 };
    return this.model(text, 'Cyrillic', letters);
  }

  private latin(text: string, letters: number): Guess {
    const letterHits = new Map<string, number>();
    for (const [lang, re] of LATIN_LETTERS) {
      const n = count(text, re);
      if (n > 0) letterHits.set(lang, n);
    }
    const toks = tokens(text);
    const words = markerHits(toks, LATIN_MARKERS);
    // Arabizi: words with digits inside letters ("3afak", "n9der", "l3a2ila").
    const arabizi = toks.filter((t) => /\p{L}[235789]|[235789]\p{L}/u.test(t)).length;
    if (arabizi > 0) words.set('ary', (words.get('ary') ?? 0) + arabizi);

    if (letterHits.has('vi')) return { language: 'vi', confidence: 0.95 };
    if (letterHits.size > 0) {
      // Letters of one language; if several, the one its words also point to.
      const ranked = [...letterHits.entries()].sort((a, b) => b[1] + (words.get(b[0]) ?? 0) - (a[1] + (words.get(a[0]) ?? 0)));
      const [lang, letters] = ranked[0]!;
      // A foreign name in a sentence ("Herr Petrović braucht …") must not outvote that sentence's words.
      const wordWin = clearWinner(words, 2);
      if (wordWin && wordWin.lang !== lang && wordWin.n > letters + (words.get(lang) ?? 0)) return { language: wordWin.lang, confidence: 0.7 };
      return { language: lang, confidence: ranked.length === 1 ? 0.9 : 0.75 };
    }
    const win = clearWinner(words, 2);
    if (win) return { language: win.lang, confidence: win.n > 2 ? 0.85 : 0.75 };
    const model = this.model(text, 'Latin', letters);
    // A marker word of one language only beats an unsure model (and the model cannot know Kurmanji, Somali, Arabizi).
    const single = clearWinner(words, 1);
    if (single && model.language !== single.lang && model.confidence < 0.7) {
      return { language: single.lang, confidence: 0.6, alternatives: [{ language: model.language, confidence: model.confidence }] };
    }
    if (model.language === 'und' && single) return { language: single.lang, confidence: 0.5 };
    return model;
  }

  // -- step 4 -----------------------------------------------------------------------------------

  /** The statistical answer; its confidence shrinks for texts under 12 letters (a word or two says little). */
  private model(text: string, script: Script, letters: number): Guess {
    const guess = this.modelGuess(text, script);
    const damping = Math.min(1, letters / 12);
    if (damping === 1) return guess;
    return {
      ...guess,
      confidence: guess.confidence * damping,
      ...(guess.alternatives ? { alternatives: guess.alternatives.map((a) => ({ ...a, confidence: a.confidence * damping })) } : {}),
    };
  }

  private modelGuess(text: string, script: Script): Guess {
    const eldGuess = this.eld ? this.fromEld(text, script) : undefined;
    if (!this.francAll) return eldGuess ?? UNDETERMINED;
    // With eld: franc only for languages eld does not know, and only when eld is unsure.
    if (eldGuess && eldGuess.confidence >= 0.6) return eldGuess;
    const francGuess = this.fromFranc(text, script);
    if (!eldGuess || eldGuess.language === 'und') return francGuess;
    return ELD_BLIND.has(francGuess.language) ? francGuess : eldGuess;
  }

  private fromEld(text: string, script: Script): Guess {
    const result = this.eld!.detect(text);
    if (!result.language) return UNDETERMINED;
    const scores = Object.entries(result.getScores()).sort((a, b) => b[1] - a[1]);
    const top = scores[0]?.[1] ?? 0;
    const confidence = Math.min(0.95, top * (result.isReliable() ? 1 : 0.7));
    const alternatives = scores
      .slice(1)
      .filter(([, s]) => s >= top - 0.05)
      .slice(0, 2)
      .map(([l, s]) => ({ language: canonicalCode(l, script), confidence: Math.min(0.95, s) * (result.isReliable() ? 1 : 0.7) }));
    return { language: canonicalCode(result.language, script), confidence, alternatives };
  }

  private fromFranc(text: string, script: Script): Guess {
    const restricted = this.spec.franc === 'restricted' && script !== 'Georgian' && script !== 'other';
    const only = restricted ? FRANC_ONLY[script as keyof typeof FRANC_ONLY] : undefined;
    const ranked = this.francAll!(text, only ? { only, minLength: 1 } : { minLength: 1 });
    const [first, second] = ranked;
    if (!first || first[0] === 'und') return UNDETERMINED;
    // franc's scores are relative (the best is always 1): the margin to the runner-up is the signal.
    const margin = second ? first[1] - second[1] : 1;
    const confidence = Math.min(0.9, 0.4 + margin);
    const alternatives = ranked
      .slice(1, 3)
      .filter(([, s]) => s >= first[1] - 0.05)
      .map(([l, s]) => ({ language: canonicalCode(l, script), confidence: Math.max(0, confidence - (first[1] - s)) }));
    return { language: canonicalCode(first[0], script), confidence, alternatives };
  }
}

/** Families the detector never separates, rounding (4 places), and de-duplicated alternatives. */
function finish(guess: Guess, script: Script): Guess {
  let { language } = guess;
  const alternatives: LanguageCandidate[] = [...(guess.alternatives ?? [])];
  if (SH_FAMILY.has(language) && (language !== 'sr' || script === 'Latin')) {
    // Serbian/Croatian/Bosnian in Latin letters; Cyrillic Serbian is unambiguous and stays sr.
    alternatives.unshift(...['hr', 'sr', 'bs'].map((l) => ({ language: l, confidence: guess.confidence * 0.9 })));
    language = 'sh';
  } else if (language === 'fa' || language === 'prs') {
    alternatives.unshift({ language: language === 'fa' ? 'prs' : 'fa', confidence: guess.confidence * 0.9 });
  } else if (language === 'ary') {
    alternatives.unshift({ language: 'ar', confidence: guess.confidence * 0.9 });
  }
  const seen = new Set([language]);
  const alts = alternatives
    .filter((a) => a.language !== 'und' && !seen.has(a.language) && (seen.add(a.language), true))
    .slice(0, 3)
    .map((a) => ({ language: a.language, confidence: round(a.confidence) }));
  return { language, confidence: round(guess.confidence), ...(alts.length ? { alternatives: alts } : {}) };
}

const round = (n: number) => Math.round(Math.max(0, Math.min(1, n)) * 10000) / 10000;
