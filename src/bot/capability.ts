// A capability = its command phrases (commands.ts), its dialogs, how it starts, and optionally the
// Action.Execute verbs of its cards. Capabilities come in modules that own their store file.
import type { TurnContext, AdaptiveCardInvokeResponse } from 'botbuilder';
import type { Dialog, DialogContext } from 'botbuilder-dialogs';
import type { AuditTrail } from '../audit/auditTrail.js';
import type { Config } from '../config/env.js';
import type { ConversationDirectory } from '../conversations/conversationDirectory.js';
import type { InstitutionDirectory } from '../institutions/institutions.js';
import type { InstitutionContactLookup } from '../institutions/contact.js';
import type { Logger } from '../log/logger.js';
import type { RoleService } from '../roles/roleService.js';
import type { CommandSpec } from './commands.js';
import type { Notifier, Scheduler } from '../outbox/types.js';
import type { Clock } from '../time/clock.js';
import type { LanguageService } from '../language/types.js';
import type { Delivery } from '../outbox/delivery.js';

export interface Capability extends CommandSpec {
  /** Dialogs to register in the bot's dialog set. */
  dialogs?: Dialog[];
  /** Starts the capability with the text that followed its command phrase. */
  start(dc: DialogContext, args: string): Promise<unknown>;
  /** Optional free-text recognizer: "Ich brauche einen Dolmetscher …" starts a capability without its command word. */
  recognizes?(text: string): boolean;
  /** Answers "what/how" questions it recognizes (the knowledge base): asked before the directory reads them. */
  answersQuestions?: boolean;
  /**
   * Optional: reads any free text that is not a command (the understanding step) and answers it, or starts
   * another capability through `start`. Returns false when it could not make anything of it.
   */
  freeText?(dc: DialogContext, text: string, start: StartCapability, command?: MatchedCommand): Promise<boolean>;
  /** Action.Execute verbs this capability answers, e.g. "escalation.take". */
  cardVerbs?: string[];
  onCardAction?(ctx: TurnContext, verb: string, data: unknown): Promise<AdaptiveCardInvokeResponse>;
  /** Results for the search message extension (src/bot/messageExtension.ts), under the same role rules. */
  searchExtension?(ctx: TurnContext, query: string): Promise<ExtensionItem[]>;
}

/** One message-extension result: a preview line and the card inserted into the conversation. */
export interface ExtensionItem {
  title: string;
  text?: string;
  card: Record<string, unknown>;
}

/** Starts a capability by id with the given text, if the user's role allows it (a refusal is audited, not answered). */
export type StartCapability = (capabilityId: string, args: string) => Promise<'started' | 'denied' | 'unknown'>;

/**
 * A command phrase the text starts with ("Dolmetscher JVA Bochum" starts with "dolmetscher"): the free-text
 * reader may still take it when the asker may not use that command, or when two readings are close.
 */
export interface MatchedCommand {
  id: string;
  allowed: boolean;
}

/** What a capability module gets from the core. */
export interface CapabilityContext {
  config: Config;
  log: Logger;
  dataDir: string;
  audit: AuditTrail;
  institutions: InstitutionDirectory;
  roles: RoleService;
  conversations: ConversationDirectory;
  notifier: Notifier;
  scheduler: Scheduler;
  clock: Clock;
  /** Language detection and PII redaction (Azure with offline fallback), shared so models load once. */
  language: LanguageService;
  /** Admin views of proactive delivery: unreachable targets and undelivered messages (keys and ids only). */
  delivery: Pick<Delivery, 'deadTargets' | 'undelivered' | 'retry' | 'revive'>;
  /**
   * Look-ups one capability offers the others (set when its module opens; read lazily at use, so the
   * module order does not matter and no capability imports another one's service).
   */
  shared: SharedPorts;
}

export interface SharedPorts {
  /** The directory: an institution's integration contact. */
  institutionContact?: InstitutionContactLookup;
}

export interface CapabilityModule {
  capabilities: Capability[];
  /** Flush and close the module's store. */
  close(): Promise<void>;
}

export type OpenCapabilityModule = (ctx: CapabilityContext) => Promise<CapabilityModule>;
