// The console chat's stand-in for a card form: asks for a button's input fields one by one
// (a choice by number or title, Enter keeps a shown value), then hands back what the button submits.
import type { Translate } from '../../src/i18n/i18n.js';
import type { PlainButton, PlainInput } from '../../src/cards/plainText.js';
import { isCancel } from '../../src/bot/commands.js';

export type FormStep =
  | { kind: 'ask'; lines: string[] }
  | { kind: 'cancelled'; lines: string[] }
  | { kind: 'done'; values: Record<string, string> };

export class ConsoleForm {
  private index = 0;
  private readonly values: Record<string, string> = {};

  constructor(
    readonly button: PlainButton,
    private readonly t: Translate,
  ) {}

  private get inputs(): PlainInput[] {
    return this.button.inputs ?? [];
  }

  /** The first question, after a line naming the button. */
  start(): FormStep {
    return { kind: 'ask', lines: [this.t('console.form.intro', { title: this.button.title }), ...this.question()] };
  }

  /** One typed line for the current field: the next question, a refusal with the same question again, or done. */
  answer(line: string): FormStep {
    const input = this.inputs[this.index]!;
    const text = line.trim();
    if (isCancel(text)) return { kind: 'cancelled', lines: [this.t('console.form.cancelled')] };
    const value = this.valueOf(input, text);
    if (!value.ok) return { kind: 'ask', lines: [value.reason, ...this.question()] };
    this.values[input.id] = value.value;
    this.index++;
    return this.index < this.inputs.length ? { kind: 'ask', lines: this.question() } : { kind: 'done', values: this.values };
  }

  private question(): string[] {
    const input = this.inputs[this.index]!;
    const optional = input.required || /optional|freiwillig/i.test(input.label) ? '' : this.t('console.form.optional');
    const several = input.multi ? this.t('console.form.several') : '';
    const current = input.current !== undefined ? (input.choices?.find((c) => c.value === input.current)?.title ?? input.current) : undefined;
    const hint = [current !== undefined ? this.t('console.form.keep', { value: current }) : optional, several].filter(Boolean).join(' ');
    const lines = [`? ${input.label}${hint ? ` ${hint}` : ''}`];
    input.choices?.forEach((c, i) => lines.push(`    (${i + 1}) ${c.title}`));
    return lines;
  }

  private choiceOf(choices: { title: string; value: string }[], text: string): string | undefined {
    const byNumber = /^\d{1,3}$/.test(text) ? choices[Number(text) - 1] : undefined;
    return (byNumber ?? choices.find((c) => c.title.toLowerCase() === text.toLowerCase()))?.value;
  }

  private valueOf(input: PlainInput, text: string): { ok: true; value: string } | { ok: false; reason: string } {
    if (!text) {
      if (input.current !== undefined) return { ok: true, value: input.current };
      return input.required ? { ok: false, reason: this.t('console.form.required') } : { ok: true, value: '' };
    }
    if (input.choices) {
      const parts = input.multi ? text.split(',').map((p) => p.trim()).filter(Boolean).slice(0, 50) : [text];
      const chosen = parts.map((part) => this.choiceOf(input.choices!, part));
      if (chosen.some((c) => c === undefined)) return { ok: false, reason: this.t('console.form.choice', { count: input.choices.length }) };
      return { ok: true, value: chosen.join(',') };
    }
    if (input.maxLength !== undefined && text.length > input.maxLength) return { ok: false, reason: this.t('console.form.tooLong', { max: input.maxLength }) };
    return { ok: true, value: text };
  }
}
