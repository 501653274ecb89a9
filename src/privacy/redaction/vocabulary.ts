// Small hand-kept word sets of the name redaction (folded: lower case, no diacritics). The large lists
// (names, German nouns, places, everyday words) are generated files in data/redaction/.

const words = (text: string): ReadonlySet<string> => new Set(text.split(/\s+/u).filter(Boolean));

/** Function words and frequent sentence starters: capitalised at a sentence start, never a name. */
export const FUNCTION_WORDS = words(`
  der die das den dem des ein eine einer eines einem einen kein keine keinen keinem keiner
  er sie es wir ihr ich du man sein seine seiner seinem seinen seines ihre ihrem ihren ihres ihr
  dieser diese dieses diesem diesen jeder jede jedes jedem jeden alle allen beide beiden
  und oder aber doch denn sondern sowie bzw weil wenn ob dass als wie nachdem bevor seit seitdem damit obwohl
  am im an auf aus bei bis durch fur gegen hinter in mit nach neben ohne statt trotz uber um unter von vor wahrend wegen zu zum zur zwischen ab laut gemass
  bitte heute gestern morgen vorgestern ubermorgen jetzt nun noch schon bereits leider zudem ausserdem auch nur etwa ca
  hier dort da dann danach zuerst zuletzt spater fruher immer nie oft manchmal wieder erneut gerade bald
  ja nein nicht kaum sehr ganz vielleicht wohl eventuell ggf evtl insbesondere zumindest mindestens
  hat haben hatte hatten ist sind war waren wird werden wurde wurden kann konnen konnte soll sollte muss mussen mochte will
  gibt gab geht ging kommt kam liegt lag steht stand bittet bitten fragt fragte meldet meldete
  was wer wen wem wessen wo wann warum wieso weshalb welche welcher welches
  herr frau herrn hr fr dr prof familie fam
  the a an and or but of in on at to for from with by about after before during since until
  he she it we they you i his her its our their this that these those there here
  please call ask contact tell send note today yesterday tomorrow
  is are was were has have had will would can could should may might must does did do
  mr mrs ms miss mx sir madam dear hello hi thanks regards
  gesprach anruf ruckruf ruckmeldung termin besuch antrag vermerk hinweis info anfrage
  tel telefon fon fax mobil handy phone mobile cell email mail nr no str ca bzw ggf usw vgl abs gem ziff anl
  name vorname nachname geb geboren date birth dob passport ausweis pass ref az gz fall case ticket vorgang buchnummer
  zelle haus station abteilung raum block trakt gebaude flur etage room cell unit
  montag dienstag mittwoch donnerstag freitag samstag sonntag sonnabend
  januar februar marz april mai juni juli august september oktober november dezember jan feb mar apr jun jul aug sep sept okt nov dez
  monday tuesday wednesday thursday friday saturday sunday january february march june july october december
`);

/** Holidays and feasts (several religions); "Eid al-Adha" and "Tết" stay. */
export const HOLIDAYS = words(`
  weihnachten weihnachtstag heiligabend silvester neujahr ostern ostersonntag ostermontag karfreitag pfingsten
  pfingstmontag himmelfahrt fronleichnam allerheiligen advent fastenzeit aschermittwoch reformationstag
  ramadan ramazan eid id bayram kurban opferfest zuckerfest fitr adha mawlid mevlid ashura aschura
  newroz nowruz norouz tet chanukka hanukkah pessach passover jom kippur rosch haschana purim diwali holi vesak
  christmas easter thanksgiving
`);

/**
 * Words that introduce a person: a capitalised word right after them is a name unless it is an ordinary word
 * ("Der Bruder Burak", "Anwalt Przybyszewski", "inmate Mykola"; "mit Dolmetscher" stays).
 */
export const PERSON_CUES = words(`
  gefangene gefangener gefangenen mitgefangene mitgefangener mitgefangenen inhaftierte inhaftierter inhaftierten
  strafgefangene strafgefangener untersuchungsgefangene untersuchungsgefangener insasse insassin
  cousin cousine bruder bruders schwester mutter vater sohn tochter onkel tante neffe nichte opa oma grossvater grossmutter
  ehefrau ehemann ehemannes frau mann lebensgefahrtin lebensgefahrte freundin freund verlobte verlobter partnerin partner
  anwalt anwaltin rechtsanwalt rechtsanwaltin verteidiger verteidigerin kollege kollegin dolmetscher dolmetscherin
  betreuer betreuerin sozialarbeiter sozialarbeiterin bewahrungshelfer bewahrungshelferin imam pfarrer seelsorger seelsorgerin
  herr herrn frau hr fr mr mrs ms miss mx dr prof
  inmate prisoner detainee brother sister cousin mother father son daughter uncle aunt wife husband lawyer colleague
`);

/** Weaker cues: a following unknown capitalised word counts as a name, an ordinary noun does not. */
export const SOFT_CUES = words(`
  mit von bei an fur und oder sowie laut namens genannt rufen sie kontaktieren informieren einladen
  call ask contact with from and by tell inform invite
`);

/** Name particles between or before name parts ("Yousef bin Saleh", "van der Linden", "Abu Shanab"). */
export const PARTICLES = words(`
  al el bin ibn ben bint abu abou ould van von der den de da di du dos del della la le ter ten zu
`);

/** Endings of surnames across the language groups (folded). */
export const NAME_SUFFIXES = [
  'oglu', 'ovic', 'evic', 'ic', 'escu', 'eanu', 'enko', 'chuk', 'czuk', 'czyk', 'ski', 'ska', 'sky', 'skaya', 'skyi', 'skyy',
  'shvili', 'dze', 'adze', 'ava', 'ova', 'eva', 'ov', 'ev', 'yan', 'ian', 'zadeh', 'zada', 'zai', 'zay', 'ullah', 'uddin',
  'oui', 'aoui', 'jani', 'i',
];

/** Endings of German common nouns: a capitalised unknown word ending so is a noun, not a name. */
export const NOUN_SUFFIXES = [
  'ung', 'ungen', 'heit', 'heiten', 'keit', 'keiten', 'schaft', 'schaften', 'tion', 'tionen', 'sion', 'sionen', 'tat', 'taten',
  'ismus', 'nis', 'nisse', 'tum', 'ling', 'linge', 'ment', 'mente', 'enz', 'anz', 'erei', 'erin',
  'erinnen', 'chen', 'lein', 'stelle', 'amt', 'dienst', 'gericht', 'behorde', 'haft', 'zentrum', 'verfahren', 'vollzug',
];
