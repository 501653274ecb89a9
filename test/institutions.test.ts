import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InstitutionDirectory, loadInstitutions, type FindResult } from '../src/institutions/institutions.js';
import { COORDINATION_IDS, EXPECTED_COUNTS, INSTITUTIONS_FILE, InstitutionsFileError } from '../src/institutions/institutionsFile.js';
import { normalize } from '../src/text/normalize.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SEED = path.join(ROOT, 'data', 'domain-seed.json'); // the repository's copy of the research seed
const SCRIPT = path.join(ROOT, 'scripts', 'build-institutions.ts');

/** Compact form of a FindResult for table assertions: "jva-koeln", "ambiguous:a,b" or "none". */
function outcome(result: FindResult): string {
  if ('match' in result) return result.match.id;
  if ('ambiguous' in result) return `ambiguous:${result.ambiguous.map((i) => i.id).join(',')}`;
  return 'none';
}

function runBuild(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, ...args], { cwd: ROOT, encoding: 'utf8' });
}

describe('institutions', () => {
  const directory = loadInstitutions();
  const raw = readFileSync(INSTITUTIONS_FILE, 'utf8');
  let tmp: string;

  before(() => {
    tmp = mkdtempSync(path.join(tmpdir(), 'institutions-'));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  describe('data/institutions.json', () => {
    it('validates and has 36 JVAs, 5 Bezirksregierungen, 3 coordination units, 54 KIs', () => {
      for (const [kind, count] of Object.entries(EXPECTED_COUNTS)) {
        expect(directory.ofKind(kind as keyof typeof EXPECTED_COUNTS), kind).to.have.length(count);
      }
      expect(directory.all()).to.have.length(36 + 5 + 3 + 54);
    });

    it('has unique lower-case ASCII ids, the fixed coordination ids and non-empty aliases', () => {
      const ids = directory.all().map((i) => i.id);
      expect(new Set(ids).size).to.equal(ids.length);
      for (const id of ids) expect(id).to.match(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      for (const id of Object.values(COORDINATION_IDS)) expect(directory.byId(id)?.kind, id).to.equal('coordination');
      for (const id of ['jva-koeln', 'jva-bielefeld-brackwede', 'jvk-froendenberg', 'sotha-nrw', 'br-arnsberg', 'br-muenster', 'ki-stadt-bochum', 'ki-kreis-unna']) {
        expect(directory.byId(id), id).to.not.equal(undefined);
      }
      for (const inst of directory.all()) expect(inst.aliases.every((a) => a.trim().length > 0), inst.id).to.equal(true);
    });

    it('contains no e-mail addresses or phone numbers', () => {
      expect(raw).to.not.match(/[\w.+-]+@[\w-]+\.[\w.]+/);
      expect(raw).to.not.match(/(?:\+\d{2}|\b0\d{2,5})[\s/-]*\d{3,}/);
      expect(raw).to.not.match(/\d{6,}/);
    });

    it('keeps clean cities, nicknames and ASCII spellings as aliases', () => {
      const koeln = directory.byId('jva-koeln')!;
      expect(koeln.city).to.equal('Köln');
      expect(koeln.aliases).to.include.members(['Köln', 'Koeln', 'Koln', 'Ossendorf', 'Köln-Ossendorf', 'JVA Köln']);
      expect(directory.byId('br-duesseldorf')!.aliases).to.include.members(['Duesseldorf', 'Dusseldorf', 'BR Düsseldorf', 'Bezreg Düsseldorf']);
      expect(directory.byId('br-detmold')!.aliases).to.include.members(['BR Detmold', 'Bezreg Detmold', 'Regierungsbezirk Detmold']);
      expect(directory.byId('kfi')!.aliases).to.include.members(['KfI', 'Kompetenzzentrum', 'Kompetenzzentrum Integration']);
      expect(directory.byId('koordinierungsstelle')!.city).to.equal(undefined); // seat not stated in domain.md
      expect(directory.byId('fb-radikalisierungspraevention')!.city).to.equal('Essen');
    });

    it('is exactly what the build script makes from the seed (byte for byte)', function () {
      const out = path.join(tmp, 'rebuilt.json');
      const run = runBuild(SEED, out);
      expect(run.status, run.stderr).to.equal(0);
      expect(readFileSync(out, 'utf8')).to.equal(raw);
    });
  });

  describe('build script', () => {
    it('exits non-zero with a clear message when the seed is missing', () => {
      const run = runBuild(path.join(tmp, 'nope.json'), path.join(tmp, 'out.json'));
      expect(run.status).to.not.equal(0);
      expect(run.stderr).to.match(/cannot read seed .*nope\.json/);
      expect(existsSync(path.join(tmp, 'out.json'))).to.equal(false);
    });

    it('exits non-zero when the seed is invalid', function () {
      const seed = JSON.parse(readFileSync(SEED, 'utf8'));
      seed.prisons.shift(); // 35 prisons (JVA Aachen gone): the output would break the file contract
      const bad = path.join(tmp, 'bad-seed.json');
      writeFileSync(bad, JSON.stringify(seed));
      const run = runBuild(bad, path.join(tmp, 'bad-out.json'));
      expect(run.status).to.not.equal(0);
      expect(run.stderr).to.match(/expected 36 entries of kind "jva", found 35/);

      writeFileSync(bad, '{ "prisons": [');
      expect(runBuild(bad, path.join(tmp, 'bad-out.json')).stderr).to.match(/not valid JSON/);
    });
  });

  describe('loading a broken file', () => {
    const write = (mutate: (file: { institutions: Record<string, unknown>[] }) => void): string => {
      const file = JSON.parse(raw);
      mutate(file);
      const target = path.join(tmp, `broken-${Math.random().toString(36).slice(2)}.json`);
      writeFileSync(target, JSON.stringify(file));
      return target;
    };
    const loadError = (file: string): string => {
      try {
        loadInstitutions(file);
      } catch (err) {
        expect(err).to.be.instanceOf(InstitutionsFileError);
        return (err as Error).message;
      }
      throw new Error('expected loadInstitutions to throw');
    };

    it('rejects a duplicate id', () => {
      const file = write((f) => (f.institutions[5]!.id = 'jva-koeln'));
      const message = loadError(file);
      expect(message).to.include(file).and.include('field "id"').and.include('duplicate').and.include('jva-koeln');
    });

    it('rejects an unknown field, naming entry and field', () => {
      const message = loadError(write((f) => (f.institutions[3]!.phone = 'x')));
      expect(message).to.include('institutions[3] (id "jva-bielefeld-senne")').and.include('field "phone"');
    });

    it('rejects a missing name and an empty alias', () => {
      const message = loadError(
        write((f) => {
          delete f.institutions[0]!.name;
          (f.institutions[1]!.aliases as string[])[0] = ' ';
        }),
      );
      expect(message).to.include('institutions[0] (id "jva-aachen"), field "name": is required');
      expect(message).to.include('institutions[1] (id "jva-attendorn"), field "aliases[0]"');
    });

    it('rejects wrong counts per kind and a missing file', () => {
      expect(loadError(write((f) => f.institutions.pop()))).to.include('expected 54 entries of kind "ki", found 53');
      expect(loadError(path.join(tmp, 'missing.json'))).to.include('missing.json');
    });
  });

  describe('find', () => {
    const cases: Array<[string, string]> = [
      ['Ossendorf', 'jva-koeln'],
      ['JVA Koeln', 'jva-koeln'],
      ['jva köln', 'jva-koeln'],
      ['JVA-Köln', 'jva-koeln'],
      ['die JVA Köln', 'jva-koeln'],
      ['Justizvollzugsanstalt Köln', 'jva-koeln'],
      ['jva-koeln', 'jva-koeln'],
      ['Muenster', 'ambiguous:jva-muenster,br-muenster,ki-stadt-muenster'],
      ['JVA Münster', 'jva-muenster'],
      ['Bezirksregierung Muenster', 'br-muenster'],
      ['BR Detmold', 'br-detmold'],
      ['Bezreg Detmold', 'br-detmold'],
      ['Regierungsbezirk Detmold', 'br-detmold'],
      ['Bezirksregierung Köln', 'br-koeln'],
      ['Köln', 'ambiguous:jva-koeln,br-koeln,ki-stadt-koeln'],
      ['KI Köln', 'ki-stadt-koeln'],
      ['Kommunales Integrationszentrum Unna', 'ki-kreis-unna'],
      ['Krümmede', 'jva-bochum'],
      ['Kruemmede', 'jva-bochum'],
      ['JVA Bochum', 'jva-bochum'],
      ['Bochum', 'ambiguous:jva-bochum,jva-bochum-langendreer,sotha-nrw,ki-stadt-bochum'],
      ['SothA', 'sotha-nrw'],
      ['Meisenhof', 'jva-castrop-rauxel'],
      ['Erlenhof', 'jva-euskirchen'],
      ['Werl', 'jva-werl'],
      ['KfI', 'kfi'],
      ['Kompetenzzentrum', 'kfi'],
      ['Koordinierungsstelle', 'koordinierungsstelle'],
      ['Fachbereich Sozialdienst', 'koordinierungsstelle'],
      ['Radikalisierungsprävention', 'fb-radikalisierungspraevention'],
      ['FB Radikalisierungspraevention', 'fb-radikalisierungspraevention'],
      ['JVA Wuppertal', 'ambiguous:jva-wuppertal-ronsdorf,jva-wuppertal-vohwinkel'],
      ['JVA Bielefeld', 'ambiguous:jva-bielefeld-brackwede,jva-bielefeld-senne'],
      ['Willich', 'ambiguous:jva-willich-i,jva-willich-ii'],
      ['Simonshöfchen', 'jva-wuppertal-vohwinkel'],
      ['Dusseldorf', 'ambiguous:jva-duesseldorf,br-duesseldorf,ki-stadt-duesseldorf'],
      ['JVA Gelsenkirhen', 'jva-gelsenkirchen'],
      ['Bezirksregierug Köln', 'br-koeln'],
      ['JVA Bochun', 'jva-bochum'],
      ['Fröndenberg', 'jvk-froendenberg'],
      ['Froendenberg', 'jvk-froendenberg'],
      ['JVA Atlantis', 'none'],
      ['JVA', 'none'],
      ['', 'none'],
    ];
    for (const [query, expected] of cases) {
      it(`"${query}" → ${expected}`, () => expect(outcome(directory.find(query))).to.equal(expected));
    }

    it('takes well under a millisecond per call, typo fallback included', () => {
      const queries = ['Ossendorf', 'JVA Gelsenkirhen', 'Bezirksregierug Köln', 'JVA Atlantis', 'Bochum'];
      for (const q of queries) directory.find(q); // warm up
      const start = performance.now();
      for (let k = 0; k < 1000; k++) directory.find(queries[k % queries.length]!);
      expect((performance.now() - start) / 1000).to.be.below(1);
    });
  });

  describe('findInText', () => {
    const cases: Array<[string, string[]]> = [
      ['Wer ist in der JVA Köln für Dolmetscher zuständig?', ['jva-koeln']],
      ['zuständig Seelsorge Werl', ['jva-werl']],
      ['Who is the integration officer at Bezirksregierung Detmold?', ['br-detmold']],
      ['Frage an die KfI zur BR Münster', ['kfi', 'br-muenster']],
      ['Wer ist in der JVA Wuppertal zuständig?', ['jva-wuppertal-ronsdorf', 'jva-wuppertal-vohwinkel']],
      ['zuständig in Köln-Ossendorf', ['jva-koeln']],
      ['Was gibt es zu essen in der JVA Werl?', ['jva-werl']],
      ['Wer ist in Essen zuständig?', ['jva-essen', 'ki-stadt-essen']],
      ['Wie funktionieren KI-Tools?', []],
    ];
    for (const [text, expected] of cases) {
      it(`"${text}" → [${expected.join(', ')}]`, () => expect(directory.findInText(text).map((i) => i.id)).to.deep.equal(expected));
    }
  });

  describe('normalize', () => {
    it('folds case, umlauts, ß, diacritics and punctuation', () => {
      expect(normalize('  JVA Köln-Ossendorf! ')).to.equal('jva koeln ossendorf');
      expect(normalize('Straße')).to.equal('strasse');
      expect(normalize('Mu\u0308nster')).to.equal('muenster'); // decomposed ü
      expect(normalize('Café')).to.equal('cafe');
    });
  });

  it('a directory can be built from any validated list', () => {
    const small = new InstitutionDirectory(directory.ofKind('bezirksregierung'));
    expect(outcome(small.find('Köln'))).to.equal('br-koeln');
  });
});
