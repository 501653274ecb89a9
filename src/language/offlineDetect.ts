// Offline language detection for short texts. A combination, chosen by measurement
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
import { AMHARIC_WORDS, ARABIC_FORMS, ARABIC_MARKERS, CYRILLIC_MARKERS, ELD_BLIND, FRANC_ONLY, LATIN_LETTERS, LATIN_MARKERS } from './detectMarkers.js';
import { PASHTO, PERSIAN_FORMS, SORANI, TIGRINYA_LETTERS, TIGRINYA_WORDS, URDU } from './detectMarkers.js';
import { canonicalCode, clearWinner, count, finish, markerHits, scriptCounts, tokens, type Guess, type Script } from './detectText.js';

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

export const UNDETERMINED: Guess = { language: 'und', confidence: 0 };

interface EldResult {
  language: string;
  getScores(): Record<string, number>;
  isReliable(): boolean;
}
interface EldLike {
  detect(text: string): EldResult;
}
/** eld's model sizes, each a dynamic import so nothing loads before the first call. */
const ELD_LOADERS: Record<EldSize, () => Promise<EldLike>> = {
  extrasmall: async () => (await import('eld/extrasmall')).eld,
  small: async () => (await import('eld/small')).eld,
  medium: async () => (await import('eld/medium')).eld,
  large: async () => (await import('eld/large')).eld,
};

type FrancAll = (value: string, options?: { only?: string[]; minLength?: number }) => [string, number][];

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
    const eld = spec.eld === 'none' ? undefined : await ELD_LOADERS[spec.eld]();
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

