// Prints (one JSON line) every RegExp built at run time with `new RegExp(…)` in src/ and dialogs/: the global
// constructor is wrapped before the modules load, then every module is imported and the functions that build
// patterns inside a call are run once. Regex literals are read from the source by test/redactionRegex.test.ts.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const OWN = new RegExp(`${process.cwd().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[\\/](?:src|dialogs)[\\/]`);
const seen = new Map<string, { source: string; flags: string }>();
const Native = RegExp;
globalThis.RegExp = new Proxy(Native, {
  construct(target, args: [string | RegExp, string?]) {
    const re = new target(...args);
    // Only patterns built by the project's own code (libraries build theirs too).
    const caller = new Error().stack?.split('\n')[2] ?? '';
    if (!OWN.test(caller)) return re;
    seen.set(`${re.flags}/${re.source}`, { source: re.source, flags: re.flags });
    return re;
  },
});

function files(dir: string, out: string[] = []): string[] {
  for (const f of readdirSync(dir)) {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) files(p, out);
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

for (const file of [...files('src'), ...files('dialogs')]) {
  if (/src[\\/]index\.ts$/.test(file)) continue; // starts the server
  await import(pathToFileURL(path.resolve(file)).href);
}
const { redactOffline } = await import('../src/language/offlineRedact.js');
redactOffline('Aufnahme am 01.03.1999 in Köln', 'de', new Date('2026-03-01T00:00:00Z'));
process.stdout.write(`${JSON.stringify([...seen.values()])}\n`);
process.exit(0);
