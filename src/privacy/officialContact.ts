// Official contacts in free text (escalation summaries, questions, answers). The rule, the same for
// everyone: personal data is removed before anything is stored — names, phone numbers and e-mail
// addresses of prisoners, relatives and professionals alike ("Frau Müller, Tel. …" and "Anwalt
// Dr. Peters" are treated the same). Only a line the writer marks as an official contact keeps what it
// says, so that a coordinator can reach the authority or the lawyer:
//   "Dienstlicher Kontakt: Frau Müller, Ausländerbehörde Köln, Tel. 0221 …"
//   "Official contact: Dr. Peters (lawyer), …"
// A marked line that speaks of a prisoner is not an official contact: it is redacted like any other.

/** The markers, at the start of a line (case-insensitive, colon required). */
const MARKER = /^[ \t]*(dienstlicher kontakt|kontakt \(dienstlich\)|official contact)[ \t]*:/i;
/** Words that make a line about a prisoner, not about an office. */
const PRISONER_CUES = /\b(gefangene[rn]?|inhaftierte[rn]?|insass(?:e|in|en)|häftling\w*|inmates?|prisoners?|buchnummer|bn[ \t]*\d)/i;
/** A marked line is one contact, not a letter. */
export const OFFICIAL_LINE_MAX = 300;

export function isOfficialContactLine(line: string): boolean {
  return MARKER.test(line) && !PRISONER_CUES.test(line) && line.length <= OFFICIAL_LINE_MAX;
}

/**
 * Redacts `text` with `redact`, except the lines marked as an official contact, which are kept as
 * written. Unmarked lines are redacted in runs, so a name split across lines still has its context.
 */
export async function redactExceptOfficialContacts(
  text: string,
  redact: (chunk: string) => Promise<{ text: string; count: number }>,
): Promise<{ text: string; count: number; kept: number }> {
  const lines = text.split('\n');
  const out: string[] = [];
  let run: string[] = [];
  let count = 0;
  let kept = 0;
  const flush = async () => {
    if (run.length === 0) return;
    const r = await redact(run.join('\n'));
    out.push(r.text);
    count += r.count;
    run = [];
  };
  for (const line of lines) {
    if (isOfficialContactLine(line)) {
      await flush();
      out.push(line);
      kept++;
    } else run.push(line);
  }
  await flush();
  return { text: out.join('\n'), count, kept };
}
