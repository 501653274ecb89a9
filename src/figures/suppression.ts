// Small-count suppression over a system of sums. Every shown number is a named cell; every table
// total is a relation "total = sum of parts". Cells of 1–4 cases are withheld (primary); then, until
// nothing changes, any relation that would let a withheld cell be worked out withholds more (secondary):
// a relation with a withheld member needs at least two of them, and while its total is shown the
// withheld parts must add up to at least 2 × MIN_CELL, so no withheld small count is pinned down by
// subtraction. Cells shared by several tables (a language's total) are one cell, so withholding it in
// one table withholds it in all of them.
import { MIN_CELL } from './types.js';

interface Relation {
  total: string;
  parts: string[];
}

export class SuppressionSystem {
  private readonly values = new Map<string, number>();
  private readonly relations = new Map<string, Relation>();
  private readonly withheld = new Set<string>();
  private solved = false;

  /** Declares a cell; declaring the same key again must give the same value. */
  cell(key: string, value: number): void {
    const known = this.values.get(key);
    if (known !== undefined && known !== value) throw new Error(`cell ${key} declared as ${known} and ${value}`);
    this.values.set(key, value);
  }

  /** Declares total = sum(parts); all cells must be declared first. */
  relate(total: string, parts: string[]): void {
    if (parts.length === 0) return;
    for (const key of [total, ...parts]) if (!this.values.has(key)) throw new Error(`undeclared cell ${key}`);
    this.relations.set(`${total}=${[...parts].sort().join('+')}`, { total, parts: [...parts] });
  }

  isWithheld(key: string): boolean {
    if (!this.solved) this.solve();
    return this.withheld.has(key);
  }

  value(key: string): number {
    const v = this.values.get(key);
    if (v === undefined) throw new Error(`undeclared cell ${key}`);
    return v;
  }

  /** Primary then secondary suppression, to a fixpoint. */
  solve(): void {
    for (const [key, v] of this.values) if (v > 0 && v < MIN_CELL) this.withheld.add(key);
    let changed = true;
    while (changed) {
      changed = false;
      for (const rel of this.relations.values()) {
        while (this.exposes(rel)) {
          this.withholdOneMore(rel);
          changed = true;
        }
      }
    }
    this.solved = true;
  }

  /** Whether the relation's shown members would let a withheld one be worked out (or narrowed to one value). */
  private exposes(rel: Relation): boolean {
    const hiddenParts = rel.parts.filter((p) => this.withheld.has(p));
    const totalHidden = this.withheld.has(rel.total);
    const hidden = hiddenParts.length + (totalHidden ? 1 : 0);
    if (hidden === 0) return false;
    if (hidden === 1) return true;
    if (totalHidden) return false;
    const hiddenSum = hiddenParts.reduce((s, p) => s + this.values.get(p)!, 0);
    return hiddenSum < 2 * MIN_CELL;
  }

  /** The smallest shown part with cases, else a shown empty part, else the total. */
  private withholdOneMore(rel: Relation): void {
    const shown = rel.parts.filter((p) => !this.withheld.has(p));
    const byValue = shown.sort((a, b) => this.values.get(a)! - this.values.get(b)! || a.localeCompare(b));
    const next = byValue.find((p) => this.values.get(p)! > 0) ?? byValue[0];
    if (next !== undefined) this.withheld.add(next);
    else this.withheld.add(rel.total);
  }
}

/** Canonical key of a cell: the domain and its dimension values in a fixed order ("*" totals omit a dimension). */
export function cellKey(domain: string, dims: Record<string, string>): string {
  const names = Object.keys(dims).sort();
  return [domain, ...names.map((n) => `${n}=${dims[n]}`)].join('|');
}
