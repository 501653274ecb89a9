// Builds data/institutions.json from the research seed so the bot never needs ../shared at run time.
// Usage: node --import tsx scripts/build-institutions.ts [seed.json] [out.json]
//   defaults: ../shared/domain/domain-seed.json → data/institutions.json (relative to the project root).
// Deterministic (same seed → same bytes); the output is checked with the bot's own loader before writing.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { INSTITUTION_KINDS, parseInstitutionsFile, type Institution } from '../src/institutions/institutionsFile.js';
import { normalize } from '../src/text/normalize.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// A copy of the team's research seed (../shared/domain/domain-seed.json: institutions only, no persons), kept in
// the repository so a clean clone rebuilds and tests the same file; copy it over when the research changes.
const DEFAULT_SEED = path.join(ROOT, 'data', 'domain-seed.json');
const DEFAULT_OUT = path.join(ROOT, 'data', 'institutions.json');

// The seed carries research fields (source, olgBezirk, uncertain …) we do not ship; extra keys are fine.
const text = z.string().trim().min(1);
const seedSchema = z.object({
  prisons: z.array(
    z.object({ name: text, city: text, kind: text, regierungsbezirk: text, website: z.url().optional(), uncertain: z.boolean().optional() }),
  ),
  districtGovernments: z.array(z.object({ name: text.startsWith('Bezirksregierung '), city: text, note: text.optional() })),
  competenceCentre: z.array(z.object({ name: text, host: text, city: text })),
  municipalIntegrationCentres: z.array(z.object({ name: text, district: text, districtKind: text, regierungsbezirk: text })),
});
type Seed = z.output<typeof seedSchema>;

// Prisons whose seed name is not "JVA <Ort>".
const PRISON_IDS: Record<string, { id: string; shortName: string }> = {
  'Justizvollzugskrankenhaus Nordrhein-Westfalen (JVK)': { id: 'jvk-froendenberg', shortName: 'JVK NRW' },
  'Sozialtherapeutische Anstalt Nordrhein-Westfalen (SothA NRW)': { id: 'sotha-nrw', shortName: 'SothA NRW' },
};

// Nicknames (domain.md §1), districts and short forms people actually use. Not "Kapellen" bare: it is
// also a common noun (chapels) and would produce false hits in free text.
const PRISON_ALIASES: Record<string, string[]> = {
  'jva-bielefeld-brackwede': ['Brackwede', 'JVA Brackwede'],
  'jva-bielefeld-senne': ['Senne', 'JVA Senne'],
  'jva-bochum': ['Krümmede', 'JVA Bochum-Krümmede'],
  'jva-bochum-langendreer': ['Langendreer', 'JVA Langendreer'],
  'jva-castrop-rauxel': ['Meisenhof', 'JVA Meisenhof', 'Castrop'],
  'jva-duisburg-hamborn': ['Hamborn', 'JVA Hamborn'],
  'jva-euskirchen': ['Erlenhof', 'JVA Erlenhof'],
  'jva-koeln': ['Ossendorf', 'Köln-Ossendorf', 'JVA Köln-Ossendorf', 'JVA Ossendorf', 'Klingelpütz', 'Cologne'],
  'jva-moers-kapellen': ['JVA Kapellen'],
  'jva-remscheid': ['Lüttringhausen', 'Remscheid-Lüttringhausen', 'JVA Lüttringhausen'],
  'jva-willich-i': ['Anrath', 'Willich-Anrath', 'Willich 1', 'JVA Willich 1'],
  'jva-willich-ii': ['Anrath', 'Willich-Anrath', 'Willich 2', 'JVA Willich 2'],
  'jva-wuppertal-ronsdorf': ['Ronsdorf', 'JVA Ronsdorf'],
  'jva-wuppertal-vohwinkel': ['Vohwinkel', 'JVA Vohwinkel', 'Simonshöfchen', 'JVA Simonshöfchen'],
  'jvk-froendenberg': [
    'JVK',
    'JVK Fröndenberg',
    'Justizvollzugskrankenhaus',
    'Justizvollzugskrankenhaus NRW',
    'Justizvollzugskrankenhaus Nordrhein-Westfalen',
    'Justizvollzugskrankenhaus Fröndenberg',
    'Vollzugskrankenhaus',
    'Fröndenberg',
    'JVA Fröndenberg',
  ],
  'sotha-nrw': ['SothA', 'SothA Bochum', 'Sozialtherapeutische Anstalt', 'Sozialtherapeutische Anstalt NRW', 'Sozialtherapeutische Anstalt Nordrhein-Westfalen', 'Sozialtherapeutischen Anstalt', 'Sozialtherapeutischen Anstalt NRW'],
};

const BR_ALIASES: Record<string, string[]> = { 'br-koeln': ['Cologne'] };

// KI areas whose bare name does not follow "Stadt X" / "Kreis X" / "X-Kreis".
const KI_ALIASES: Record<string, string[]> = {
  'ki-stadt-koeln': ['Cologne'],
  'ki-stadt-muelheim-an-der-ruhr': ['Mülheim', 'Mülheim/Ruhr', 'KI Mülheim'],
  'ki-staedteregion-aachen': ['Städteregion', 'Aachen', 'KI Aachen'],
  'ki-rhein-kreis-neuss': ['Neuss', 'Kreis Neuss', 'KI Neuss'],
  'ki-hochsauerlandkreis': ['Hochsauerland', 'KI Hochsauerland'],
  'ki-oberbergischer-kreis': ['Oberberg', 'KI Oberberg'],
};

// Not in the seed's machine-readable part; facts from domain.md §4.3 (Koordinierungsstelle) and §7 (Fachbereich).
const KOORDINIERUNGSSTELLE = {
  id: 'koordinierungsstelle',
  name: 'Koordinierungsstelle Integration (Fachbereich Sozialdienst im Justizvollzug)',
  shortName: 'Koordinierungsstelle Integration',
  aliases: ['Koordinierungsstelle', 'Koordinierungsstelle Integration', 'Fachbereich Sozialdienst', 'Fachbereich Sozialdienst im Justizvollzug'],
  note: 'Koordinierungsstelle am Fachbereich Sozialdienst im Justizvollzug NRW; unterstützt die Integrationsbeauftragten der JVAs (Sitz in den Quellen nicht genannt)',
};
const RADIKALISIERUNGSPRAEVENTION = {
  id: 'fb-radikalisierungspraevention',
  name: 'Fachbereich Radikalisierungsprävention im Justizvollzug NRW',
  shortName: 'FB Radikalisierungsprävention',
  city: 'Essen',
  aliases: ['Fachbereich Radikalisierungsprävention', 'Radikalisierungsprävention', 'FB Radikalisierungsprävention', 'Fachbereich Radikalisierungsprävention im Justizvollzug'],
  note: 'Sitz in Essen, organisatorisch der JVA Essen angegliedert',
};

class BuildError extends Error {}

/** "Köln (Ossendorf)" → "Köln": the seed adds districts and remarks in parentheses. */
function cleanCity(city: string): string {
  return city.replace(/\s*\(.*\)\s*$/, '');
}

/** Lower-case ASCII slug: "Bielefeld-Brackwede" → "bielefeld-brackwede", "Köln" → "koeln". */
function slug(value: string): string {
  return normalize(value).replace(/ /g, '-');
}

/** Adds the ae/oe/ue and the plain-vowel spelling of every alias with umlauts or ß; drops duplicates. */
function withAsciiSpellings(aliases: ReadonlyArray<string | undefined>): string[] {
  const fold = (s: string, map: Record<string, string>) => s.replace(/[äöüÄÖÜß]/g, (c) => map[c] ?? c);
  const AE = { ä: 'ae', ö: 'oe', ü: 'ue', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue', ß: 'ss' };
  const PLAIN = { ä: 'a', ö: 'o', ü: 'u', Ä: 'A', Ö: 'O', Ü: 'U', ß: 'ss' };
  const out: string[] = [];
  const seen = new Set<string>();
  for (const alias of aliases) {
    if (!alias) continue;
    for (const spelling of [alias, fold(alias, AE), fold(alias, PLAIN)]) {
      if (seen.has(spelling.toLowerCase())) continue;
      seen.add(spelling.toLowerCase());
      out.push(spelling);
    }
  }
  return out;
}

/** Fixed key order, no undefined keys: the JSON must be byte-stable. */
function institution(fields: Institution): Institution {
  const { id, kind, name, shortName, city, regierungsbezirk, aliases, website, note } = fields;
  const ordered = { id, kind, name, shortName, city, regierungsbezirk, aliases, website, note };
  return Object.fromEntries(Object.entries(ordered).filter(([, v]) => v !== undefined)) as Institution;
}

function regierungsbezirk(value: string, where: string): Institution['regierungsbezirk'] {
  const allowed = ['Arnsberg', 'Detmold', 'Düsseldorf', 'Köln', 'Münster'] as const;
  const found = allowed.find((rb) => rb === value);
  if (!found) throw new BuildError(`${where}: unknown regierungsbezirk "${value}"`);
  return found;
}

function prisons(seed: Seed): Institution[] {
  return seed.prisons.map((p) => {
    const special = PRISON_IDS[p.name];
    if (!special && !p.name.startsWith('JVA ')) throw new BuildError(`prison "${p.name}": not "JVA <Ort>" and no id override`);
    const place = special ? undefined : p.name.slice('JVA '.length);
    const id = special?.id ?? `jva-${slug(place!)}`;
    const city = cleanCity(p.city);
    return institution({
      id,
      kind: 'jva',
      name: p.name,
      shortName: special?.shortName,
      city,
      regierungsbezirk: regierungsbezirk(p.regierungsbezirk, `prison "${p.name}"`),
      aliases: withAsciiSpellings([p.name, special?.shortName, place, city, ...(PRISON_ALIASES[id] ?? [])]),
      website: p.website,
      note: p.uncertain ? `${p.kind}; Angaben nicht bestätigt` : p.kind,
    });
  });
}

function districtGovernments(seed: Seed): Institution[] {
  return seed.districtGovernments.map((br) => {
    const place = br.name.slice('Bezirksregierung '.length);
    const id = `br-${slug(place)}`;
    const shortName = `BR ${place}`;
    return institution({
      id,
      kind: 'bezirksregierung',
      name: br.name,
      shortName,
      city: cleanCity(br.city),
      regierungsbezirk: regierungsbezirk(place, `district government "${br.name}"`),
      aliases: withAsciiSpellings([br.name, shortName, `Bezreg ${place}`, `Regierungsbezirk ${place}`, place, ...(BR_ALIASES[id] ?? [])]),
      note: br.note,
    });
  });
}

function coordinationUnits(seed: Seed): Institution[] {
  const kfi = seed.competenceCentre.find((c) => c.name.startsWith('Kompetenzzentrum für Integration'));
  if (!kfi) throw new BuildError('competenceCentre: no entry "Kompetenzzentrum für Integration (KfI)"');
  const essen = seed.prisons.find((p) => p.name === 'JVA Essen');
  if (!essen) throw new BuildError('prisons: no "JVA Essen" (seat of the Fachbereich Radikalisierungsprävention)');
  const kfiCity = cleanCity(kfi.city);
  return [
    institution({
      id: 'kfi',
      kind: 'coordination',
      name: kfi.name,
      shortName: 'KfI',
      city: kfiCity,
      regierungsbezirk: regierungsbezirk(kfiCity, 'competenceCentre KfI'),
      aliases: withAsciiSpellings([kfi.name, 'KfI', 'Kompetenzzentrum', 'Kompetenzzentrum Integration', 'Kompetenzzentrum für Integration', `KfI ${kfiCity}`]),
      note: kfi.host,
    }),
    institution({ ...KOORDINIERUNGSSTELLE, kind: 'coordination', aliases: withAsciiSpellings([KOORDINIERUNGSSTELLE.name, ...KOORDINIERUNGSSTELLE.aliases]) }),
    institution({
      ...RADIKALISIERUNGSPRAEVENTION,
      kind: 'coordination',
      regierungsbezirk: regierungsbezirk(essen.regierungsbezirk, 'prison "JVA Essen"'),
      aliases: withAsciiSpellings([RADIKALISIERUNGSPRAEVENTION.name, ...RADIKALISIERUNGSPRAEVENTION.aliases]),
    }),
  ];
}

/** "Stadt Bochum" → "Bochum", "Kreis Unna" → "Unna", "Rhein-Erft-Kreis" → "Rhein-Erft"; else none. */
function bareArea(district: string): string | undefined {
  return /^(?:Stadt|Kreis) (.+)$/.exec(district)?.[1] ?? /^(.+)-Kreis$/.exec(district)?.[1];
}

function integrationCentres(seed: Seed): Institution[] {
  return seed.municipalIntegrationCentres.map((ki) => {
    const id = `ki-${slug(ki.district)}`;
    const area = bareArea(ki.district);
    const shortName = `KI ${ki.district}`;
    return institution({
      id,
      kind: 'ki',
      name: ki.name,
      shortName,
      // A city's KI sits in that city; a Kreis' KI seat is not in the seed, so it stays empty.
      city: ki.district.startsWith('Stadt ') ? area : undefined,
      regierungsbezirk: regierungsbezirk(ki.regierungsbezirk, `KI "${ki.name}"`),
      aliases: withAsciiSpellings([
        ki.name,
        shortName,
        ki.district,
        area,
        area && `KI ${area}`,
        ...(KI_ALIASES[id] ?? []),
      ]),
      note: `${ki.districtKind}; Name generisch, nicht einzeln geprüft`,
    });
  });
}

function readSeed(file: string): Seed {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (err) {
    throw new BuildError(`cannot read seed ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (err) {
    throw new BuildError(`seed ${file} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = seedSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `  - ${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
    throw new BuildError(`seed ${file} is invalid:\n${issues.join('\n')}`);
  }
  return parsed.data;
}

/** Every override must be used, so a renamed seed entry fails loudly instead of losing its aliases. */
function checkOverridesUsed(ids: ReadonlySet<string>): void {
  const overrides = [...Object.values(PRISON_IDS).map((p) => p.id), ...Object.keys(PRISON_ALIASES), ...Object.keys(BR_ALIASES), ...Object.keys(KI_ALIASES)];
  const unused = overrides.filter((id) => !ids.has(id));
  if (unused.length) throw new BuildError(`aliases/ids configured for unknown institutions (seed renamed?): ${unused.join(', ')}`);
}

function main(): void {
  const [seedArg, outArg] = process.argv.slice(2);
  const seedFile = path.resolve(seedArg ?? DEFAULT_SEED);
  const outFile = path.resolve(outArg ?? DEFAULT_OUT);
  const seed = readSeed(seedFile);

  const byKind = { jva: prisons(seed), bezirksregierung: districtGovernments(seed), coordination: coordinationUnits(seed), ki: integrationCentres(seed) };
  // Stable order independent of the seed's: kinds in fixed order, ids by code unit (not locale) within a kind.
  const institutions = INSTITUTION_KINDS.flatMap((kind) => [...byKind[kind]].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
  checkOverridesUsed(new Set(institutions.map((i) => i.id)));

  const file = { version: 1 as const, generatedFrom: path.basename(seedFile), institutions };
  parseInstitutionsFile(file, `(built from ${seedFile})`); // same checks the bot runs at start-up
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, JSON.stringify(file, null, 2) + '\n');
  const counts = INSTITUTION_KINDS.map((kind) => `${byKind[kind].length} ${kind}`).join(', ');
  console.log(`build-institutions: wrote ${path.relative(process.cwd(), outFile) || outFile} (${counts})`);
}

try {
  main();
} catch (err) {
  console.error(`build-institutions: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
