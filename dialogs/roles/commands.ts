// "wer bin ich" / "who am i": the user's id, role and place, as the bot knows them.
import type { DialogContext } from 'botbuilder-dialogs';
import { turnInfo } from '../../src/bot/turn.js';
import type { InstitutionDirectory } from '../../src/institutions/institutions.js';

export async function whoAmI(institutions: InstitutionDirectory, dc: DialogContext): Promise<void> {
  const { identity, t } = turnInfo(dc.context);
  const place = identity.institutionId ?? identity.unitId;
  const placeName = place ? institutions.byId(place)?.name : undefined;
  const lines = [t('whoami.text', { id: identity.userKey, role: t(`roles.${identity.role}`) })];
  if (placeName) lines.push(t(identity.unitId ? 'whoami.unit' : 'whoami.institution', identity.unitId ? { unit: placeName } : { institution: placeName }));
  lines.push(t('whoami.hint'));
  await dc.context.sendActivity(lines.join('\n\n'));
}
