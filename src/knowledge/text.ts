// Free text as it is stored: control and bidi-override characters out, whitespace runs kept as typed,
// trimmed. Length limits are checked by the callers (a too-long text is refused, never cut silently).
export function cleanText(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\u202a-\u202e]/g, '').trim();
}
