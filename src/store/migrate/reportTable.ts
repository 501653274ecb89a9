// The table store:migrate prints: per store its record counts and checksum, source against copy.
import type { PartSummary, VerifiedPart } from './checksum.js';

const countsText = (p: PartSummary): string => {
  const parts = Object.entries(p.counts).sort(([a], [b]) => a.localeCompare(b)).map(([coll, n]) => `${coll} ${n}`);
  if (p.values > 0) parts.push(`${p.values} value${p.values === 1 ? '' : 's'}`);
  return parts.join(', ') || '(empty)';
};

/** The first 12 hex digits: enough to compare by eye; the full sums were compared. */
const short = (sha: string | undefined) => (sha ? sha.slice(0, 12) : '—');

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n');
}

export function sourceTable(parts: PartSummary[]): string {
  return table([['store', 'records', 'sha256'], ...parts.map((p) => [p.name, countsText(p), short(p.sha256)])]);
}

/** One line per part; where source and copy differ, both are shown ("source → copy"). */
export function verifiedTable(parts: VerifiedPart[]): string {
  const pair = (a: string, b: string) => (a === b ? a : `${a} → ${b}`);
  return table([
    ['store', 'records', 'sha256', 'check'],
    ...parts.map((p) => [
      p.source.name || p.copy!.name,
      pair(p.source.sha256 ? countsText(p.source) : '(missing)', p.copy ? countsText(p.copy) : '(missing)'),
      pair(short(p.source.sha256), short(p.copy?.sha256)),
      p.ok ? 'ok' : 'MISMATCH',
    ]),
  ]);
}
