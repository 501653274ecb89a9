// Data for the offline detector: marker words, deciding letters and the per-script franc lists.
// The logic that reads them is in offlineDetect.ts and detectText.ts.

// ---------------------------------------------------------------------------------------------------
// Marker words: frequent function words and everyday words that are (nearly) unique to one language
// among the candidates of the same script. Written from general knowledge of the languages; words two
// candidate languages share ("me", "je", "mi", "doctor") are left out, since one hit can decide.

export const words = (s: string) => new Set(s.split(/\s+/).filter(Boolean));

export const LATIN_MARKERS: Record<string, Set<string>> = {
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

export const CYRILLIC_MARKERS: Record<string, Set<string>> = {
  ru: words('мне меня мой моя мои моё нужен нужна нужно хочу хочет что это как когда почему пожалуйста спасибо есть нет он она они мы вы я со сейчас можно был была тоже очень врач деньги семья семье письмо ещё уже только сегодня завтра здесь'),
  bg: words('аз съм сме сте ще къде какво защо кога искам трябва моля благодаря няма нищо нещо сега тук днес утре пари семейството семейство също този това тази тези който която със във'),
  sr: words('треба је шта што овде сада зашто молим хвала новац породица породицу породици данас сутра јуче хоћу желим нисам где када ово ова овај'),
  uk: words('мені мене мій моя мої потрібен потрібна потрібно хочу що це як коли чому будь ласка дякую є він вона вони ми ви зараз можна лікар гроші родина родині лист сьогодні завтра тут'),
};

export const ARABIC_MARKERS: Record<string, Set<string>> = {
  // Maghrebi Darija (Morocco, also Algeria): frequent words that Standard and Levantine Arabic do not use.
  ary: words('بغيت بغا بغينا كنبغي ديال ديالي ديالك ديالو واش فين كيفاش علاش دابا بزاف هاد هادي هادا شحال غادي مزيان عافاك ماشي والو ديما شنو شكون خويا راني كاين درك نتاع برشا توا'),
};

// Letters that decide on their own

export const LATIN_LETTERS: [string, RegExp][] = [
  ['vi', /[\u1EA0-\u1EF9ơưƠƯ]/g],
  ['tr', /[ıİğĞ]/g],
  ['pl', /[ąęłżźśńćĄĘŁŻŹŚŃĆ]/g], // ć is Polish and Serbo-Croatian: counted for both, words decide
  ['ro', /[șțţȘȚŢăĂ]/g],
  ['sq', /[ëË]/g],
  ['sh', /[ćđĆĐ]/g],
  ['de', /ß/g],
];

// Arabic-script letters by language (code points, so similar-looking letters are not confused).
export const PASHTO = /[\u067C\u0681\u0685\u0689\u0693\u0696\u069A\u06AB\u06BC\u06CD\u06D0]/g; // ټ ځ څ ډ ړ ږ ښ ګ ڼ ۍ ې
export const SORANI = /[\u0695\u06B5\u06C6\u06CE\u06D5]/g; // ڕ ڵ ۆ ێ ە
export const URDU = /[\u0679\u0688\u0691\u06BA\u06D2\u06D3]/g; // ٹ ڈ ڑ ں ے ۓ
export const PERSIAN_FORMS = /[\u067E\u0686\u0698\u06AF\u06A9\u06CC]/g; // پ چ ژ گ ک ی
export const ARABIC_FORMS = /[\u064A\u0643\u0629\u0649]/g; // ي ك ة ى

// Ethiopic: the ኸ (xa) and ቐ (qha) series are Tigrinya, not Amharic; ኣ (glottal a) is Tigrinya spelling.
export const TIGRINYA_LETTERS = /[\u12B8-\u12BE\u12C0-\u12C5\u1250-\u125D\u12A3]/g;
export const TIGRINYA_WORDS = words('ኣሎ ኣለኹ ኣለዉ እየ ኢዩ ኣይ ናብ ካብ ምስ እዚ እዛ እቲ ከመይ ኣበይ መዓስ ስለምንታይ በጃኹም የቐንየለይ ደሓን');
export const AMHARIC_WORDS = words('ነው ናቸው እና ወደ ላይ ውስጥ እኔ አንተ እሱ እሷ አለ አለኝ እፈልጋለሁ ይፈልጋል የት መቼ ለምን እባክህ እባክሽ አመሰግናለሁ ደህና');

// ---------------------------------------------------------------------------------------------------
// franc: restricted to the languages officers meet (the priority list) plus German and English, per script (ISO 639-3
// as franc names them). Languages nobody asked for (Hausa, Uzbek, Swahili, Norwegian …) were the usual wrong
// answers for short English and German lines.

export const FRANC_ONLY: Record<'Latin' | 'Cyrillic' | 'Arabic' | 'Ethiopic', string[]> = {
  Latin: ['deu', 'eng', 'fra', 'tur', 'pol', 'ron', 'als', 'hrv', 'srp', 'bos', 'som', 'vie', 'ckb'],
  Cyrillic: ['rus', 'ukr', 'bul', 'srp'],
  Arabic: ['arb', 'pes', 'prs', 'pbu'],
  Ethiopic: ['tir', 'amh'],
};
/** Languages eld does not know: franc's answer wins for these. */
export const ELD_BLIND = new Set(['so', 'kmr', 'ti', 'ps', 'prs']);
