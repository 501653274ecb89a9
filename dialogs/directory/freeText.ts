// Every free text that is not a command goes through the understanding step (src/understanding) and is
// answered by what it means for this asker: a responsibility answer, a capability they may use, a short
// choice when two readings are close, a calm refusal only for a clear request they may not make.
// Names, phone numbers and e-mail addresses in the question are blanked before it is read, so they are
// never echoed, logged or stored; the user is told they are not needed.
import type { DialogContext } from 'botbuilder-dialogs';
import type { MatchedCommand, StartCapability } from '../../src/bot/capability.js';
import { turnInfo } from '../../src/bot/turn.js';
import { sendCard } from '../../src/bot/reply.js';
import { interpreterOrResponsibleCard, readingsCard } from '../../src/cards/understandingCards.js';
import type { DirectoryService } from '../../src/directory/service.js';
import { findPii } from '../../src/language/offlineRedact.js';
import { MAX_TEXT } from '../../src/understanding/understand.js';
import type { Interpretation } from '../../src/understanding/types.js';

/** The text with personal data (names after cues, phone numbers, e-mail …) replaced by spaces. */
export function withoutPersonalData(text: string, now: Date): { text: string; found: boolean } {
  const spans = findPii(text, now);
  if (spans.length === 0) return { text, found: false };
  let out = text;
  for (const s of [...spans].reverse()) out = out.slice(0, s.start) + ' '.repeat(s.end - s.start) + out.slice(s.end);
  return { text: out, found: true };
}

/**
 * A text that starts with a command word stays that command, unless the asker may not use it and the text
 * reads as something they may ask (a directory question), or two allowed readings are close (ask).
 */
function takesOver(reading: Interpretation, command: MatchedCommand): boolean {
  if (reading.kind === 'ask') return true;
  if (command.allowed) return false;
  return reading.kind !== 'unclear' && reading.kind !== 'command';
}

export function directoryFreeText(service: DirectoryService) {
  return async (dc: DialogContext, raw: string, start: StartCapability, command?: MatchedCommand): Promise<boolean> => {
    const ctx = dc.context;
    const { identity, t, locale } = turnInfo(ctx);
    if (command && !takesOver(service.understand(identity, raw.slice(0, MAX_TEXT)), command)) return false;
    if (!raw.trim()) {
      await ctx.sendActivity(t('understanding.badInput.empty'));
      return true;
    }
    const cut = raw.length > MAX_TEXT;
    const clean = withoutPersonalData(raw.slice(0, MAX_TEXT), service.now());
    if (clean.found) await ctx.sendActivity(t('understanding.badInput.personal'));
    if (cut) await ctx.sendActivity(t('understanding.badInput.tooLong'));
    const text = clean.text.trim();
    // What the capabilities read from here on is the cleaned text: personal data never reaches a dialog or store.
    ctx.activity.text = text;
    const reading = service.understand(identity, text);
    switch (reading.kind) {
      case 'responsibility':
      case 'unknownTopic':
        return (await start('directory.responsible', text)) === 'started';
      case 'search':
        return (await start('directory.search', text)) === 'started';
      case 'command': {
        const started = await start(reading.command, text);
        if (started === 'denied') await ctx.sendActivity(t(`understanding.refused.${reading.command}`));
        return started !== 'unknown';
      }
      case 'refused':
        // The start is refused by role and audited there; the answer says who can, and what this user can ask.
        if ((await start(reading.command, text)) === 'unknown') return false;
        await ctx.sendActivity(t(`understanding.refused.${reading.command}`));
        return true;
      case 'ask': {
        const question = reading.choices.find((c) => c.kind === 'responsibility');
        const topic = question?.kind === 'responsibility' ? question.topics[0] : undefined;
        const place = question?.kind === 'responsibility' ? question.institutions[0] : undefined;
        if (!topic || !place) return (await start('directory.responsible', text)) === 'started';
        await sendCard(ctx, interpreterOrResponsibleCard(t, locale, topic, place));
        return true;
      }
      case 'unclear':
        if (reading.readings.length === 0) return false; // the bot's own "not understood" with the closest command
        await sendCard(ctx, readingsCard(t, locale, reading.readings.flatMap((r) => r.topics).slice(0, 3)));
        return true;
    }
  };
}
