// Networking directory: contacts (organisations and functions, never private persons in
// shipped data) and responsibilities (institution × topic → contact, deputy, last confirmed).
// Plain data + zod schemas; no botbuilder.
import { z } from 'zod';

/** Contact categories. Ids are the CSV/JSON values; German and English labels are accepted on import. */
export const CATEGORIES = ['function', 'organisation', 'authority', 'service', 'counselling', 'coordination'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Words accepted for a category on import and in the form (besides the id), compared folded. */
export const CATEGORY_WORDS: Readonly<Record<Category, readonly string[]>> = {
  function: ['Funktion', 'Funktionsstelle', 'Stelle', 'role'],
  organisation: ['Organisation', 'Organization', 'Verein', 'Verband', 'Träger', 'association'],
  authority: ['Behörde', 'Amt', 'agency', 'public authority'],
  service: ['Dienst', 'Dienstleister', 'Anbieter', 'provider'],
  counselling: ['Beratung', 'Beratungsstelle', 'counseling', 'advice'],
  coordination: ['Koordination', 'Koordinierungsstelle', 'koordinierende Stelle', 'coordinating body'],
};

/** Contact and record ids: as typed in a spreadsheet, but safe in audit lines and commands. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const contactIdSchema = z.string().regex(ID_PATTERN, 'must be 1–64 letters, digits, ".", "_" or "-" (no spaces)');

/** Calendar date as stored and exported. */
export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'is not a valid date');

export const LIMITS = { name: 200, region: 100, notes: 1000, email: 254, phone: 40, url: 500 } as const;

/** Digits, spaces and the usual separators, optionally starting with "+". */
export const PHONE_PATTERN = /^\+?(?=(?:[^0-9]*[0-9]){3})[0-9 ()/.-]{3,40}$/;

export const channelsSchema = z.strictObject({
  email: z.email().max(LIMITS.email).optional(),
  phone: z.string().max(LIMITS.phone).regex(PHONE_PATTERN, 'must be a phone number such as +49 221 000000').optional(),
  url: z.url({ protocol: /^https?$/ }).max(LIMITS.url).optional(),
});

export const contactSchema = z.strictObject({
  id: contactIdSchema,
  name: z.string().min(1).max(LIMITS.name),
  category: z.enum(CATEGORIES),
  institutionId: z.string().optional(),
  region: z.string().max(LIMITS.region).optional(),
  topics: z.array(z.string()),
  /** ISO 639 codes (639-1 where one exists). */
  languages: z.array(z.string()),
  channels: channelsSchema,
  notes: z.string().max(LIMITS.notes).optional(),
  lastConfirmed: isoDateSchema.optional(),
  /** Bumped on every change; the edit form carries it so a concurrent change is noticed. */
  version: z.number().int().positive(),
  updatedAt: z.string(),
  /** Actor id of the last change, or "import" / "sample". */
  updatedBy: z.string(),
});
export type Contact = z.infer<typeof contactSchema>;

export const responsibilitySchema = z.strictObject({
  institutionId: z.string(),
  topic: z.string(),
  contactId: contactIdSchema,
  deputyContactId: contactIdSchema.optional(),
  lastConfirmed: isoDateSchema.optional(),
  updatedAt: z.string(),
});
export type Responsibility = z.infer<typeof responsibilitySchema>;

export const DIRECTORY_SOURCES = ['sample', 'import', 'empty'] as const;

export const directoryDataSchema = z
  .strictObject({
    /** Where the data came from first: the shipped sample, an import, or nothing (production start). */
    source: z.enum(DIRECTORY_SOURCES),
    contacts: z.record(z.string(), contactSchema),
    responsibilities: z.array(responsibilitySchema),
  })
  .superRefine((data, ctx) => {
    const seen = new Set<string>();
    data.responsibilities.forEach((r, i) => {
      const key = responsibilityKey(r.institutionId, r.topic);
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['responsibilities', i], message: 'duplicate institution × topic' });
      seen.add(key);
      if (!data.contacts[r.contactId]) ctx.addIssue({ code: 'custom', path: ['responsibilities', i, 'contactId'], message: 'unknown contact' });
      if (r.deputyContactId && !data.contacts[r.deputyContactId]) {
        ctx.addIssue({ code: 'custom', path: ['responsibilities', i, 'deputyContactId'], message: 'unknown contact' });
      }
    });
    for (const [key, c] of Object.entries(data.contacts)) {
      if (key !== c.id) ctx.addIssue({ code: 'custom', path: ['contacts', key, 'id'], message: 'does not match its key' });
    }
  });
export type DirectoryData = z.infer<typeof directoryDataSchema>;

export function responsibilityKey(institutionId: string, topic: string): string {
  return `${institutionId}|${topic}`;
}

export function emptyDirectory(source: DirectoryData['source'] = 'empty'): DirectoryData {
  return { source, contacts: {}, responsibilities: [] };
}

/** Shown as "veraltet" / "outdated" when not confirmed within this many months. */
export const STALE_AFTER_MONTHS = 12;

/** True when the date is missing or more than 12 months before `today` (both YYYY-MM-DD). */
export function isStale(lastConfirmed: string | undefined, today: string): boolean {
  if (!lastConfirmed) return true;
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const limit = `${String(y - 1).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return lastConfirmed < limit;
}

/** Today's calendar date in a time zone, as YYYY-MM-DD. */
export function isoDay(date: Date, timeZone = 'Europe/Berlin'): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}
