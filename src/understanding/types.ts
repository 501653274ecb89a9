// What the understanding step makes of a free text: plain typed data, rendered by the dialogs.
import type { Institution } from '../institutions/institutionsFile.js';
import type { Topic } from '../directory/topics.js';
import type { Role } from '../roles/types.js';

/** Capabilities a free text can start without its command word. */
export type CommandId = 'interpreter' | 'escalation';

export interface Asker {
  role: Role;
  institutionId?: string;
}

interface Common {
  /** The language the question is written in, when its words say so. */
  questionLanguage?: 'de' | 'en';
}

export interface ResponsibilityReading extends Common {
  kind: 'responsibility';
  /** The specific topics named (the first decides); empty when only a place was named. */
  topics: Topic[];
  /** Every institution the named place may mean (one when the place is unambiguous); empty when none named. */
  institutions: Institution[];
  /** The asker's own institution filled the place ("bei uns", "in our prison"). */
  ownInstitution?: boolean;
  /** A language named in the question ("Dolmetscher Arabisch"): ISO code. */
  language?: string;
}

export interface CommandReading extends Common {
  kind: 'command';
  command: CommandId;
  slots: { language?: string; institutionId?: string };
}

export type Interpretation =
  | ResponsibilityReading
  | CommandReading
  | (Common & { kind: 'refused'; command: CommandId })
  | (Common & { kind: 'ask'; choices: (ResponsibilityReading | CommandReading)[] })
  | (Common & { kind: 'unknownTopic'; words: string[]; closest: Topic[]; institutions: Institution[] })
  | (Common & { kind: 'search'; query: string; language?: string })
  | (Common & { kind: 'unclear'; readings: ResponsibilityReading[] });
