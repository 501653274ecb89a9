// "rolle setzen" / "set role" (admins): one-shot with all arguments ("rolle setzen <id> officer JVA Köln"),
// or guided step by step for whatever is missing: user id, role, institution or unit.
import { MessageFactory } from 'botbuilder';
import { ComponentDialog, TextPrompt, WaterfallDialog, type PromptValidatorContext, type WaterfallStepContext } from 'botbuilder-dialogs';
import { turnInfo } from '../../src/bot/turn.js';
import { screenOffline } from '../../src/checklists/privacy.js';
import type { InstitutionDirectory } from '../../src/institutions/institutions.js';
import { parseRole, resolvePlace } from '../../src/roles/places.js';
import type { RoleService } from '../../src/roles/roleService.js';
import { ROLES, userIdSchema, type Role } from '../../src/roles/types.js';

export const SET_ROLE_DIALOG = 'roles.set';
const USER_PROMPT = 'roles.set.user';
const ROLE_PROMPT = 'roles.set.role';
const PLACE_PROMPT = 'roles.set.place';
const STEPS = 'roles.set.steps';

export interface SetRoleOptions {
  args?: string;
}
interface SetRoleValues {
  userId?: string;
  role?: Role;
  placeText?: string;
}

export class SetRoleDialog extends ComponentDialog {
  constructor(
    private readonly roles: RoleService,
    private readonly institutions: InstitutionDirectory,
  ) {
    super(SET_ROLE_DIALOG);
    this.addDialog(new TextPrompt(USER_PROMPT, validateUser));
    this.addDialog(new TextPrompt(ROLE_PROMPT, validateRole));
    this.addDialog(new TextPrompt(PLACE_PROMPT, (p) => this.validatePlace(p)));
    this.addDialog(
      new WaterfallDialog(STEPS, [
        (step) => this.askUser(step),
        (step) => this.askRole(step),
        (step) => this.askPlace(step),
        (step) => this.save(step),
      ]),
    );
    this.initialDialogId = STEPS;
  }

  private values(step: WaterfallStepContext): SetRoleValues {
    return step.values as SetRoleValues;
  }

  private async askUser(step: WaterfallStepContext) {
    const { t } = turnInfo(step.context);
    const options = step.options as SetRoleOptions;
    const [id, role, ...place] = (options.args ?? '').trim().split(/\s+/).filter(Boolean);
    // The typed line is not kept in the dialog state (state.json) while the prompts wait: it may hold a name
    // typed instead of an id (issue 10). Only what was recognised stays.
    delete options.args;
    const v = this.values(step);
    if (role) {
      v.role = parseRole(role);
      if (!v.role) await step.context.sendActivity(t('admin.badRole', { value: role.slice(0, 40) }));
    }
    if (place.length && screenOffline(place.join(' '), 200).ok) v.placeText = place.join(' ');
    if (id && userIdSchema.safeParse(id).success) return step.next(id);
    if (id) await step.context.sendActivity(t('admin.badUser'));
    return step.prompt(USER_PROMPT, { prompt: t('admin.askUser') });
  }

  private async askRole(step: WaterfallStepContext) {
    const v = this.values(step);
    v.userId = (step.result as string).trim();
    if (v.role) return step.next(v.role);
    const { t } = turnInfo(step.context);
    const buttons = ROLES.map((r) => ({ type: 'imBack', title: t(`roles.${r}`), value: r }));
    return step.prompt(ROLE_PROMPT, { prompt: MessageFactory.suggestedActions(buttons, t('admin.askRole')) });
  }

  private async askPlace(step: WaterfallStepContext) {
    const v = this.values(step);
    v.role = typeof step.result === 'string' ? parseRole(step.result) : v.role;
    const kind = this.roles.placeKind(v.role!);
    if (!kind) return step.next(undefined);
    const { t } = turnInfo(step.context);
    if (v.placeText) {
      const preset = resolvePlace(this.institutions, v.placeText, kind);
      if (preset.ok) return step.next(preset.place.id);
      await step.context.sendActivity(t(preset.message, preset.params));
    }
    return step.prompt(PLACE_PROMPT, { prompt: t(kind === 'unit' ? 'admin.askUnit' : 'admin.askInstitution'), validations: { kind } });
  }

  private async save(step: WaterfallStepContext) {
    const v = this.values(step);
    const info = turnInfo(step.context);
    const { t } = info;
    let placeId = step.result as string | undefined;
    if (placeId && !this.institutions.byId(placeId)) {
      // The prompt returned the typed text; resolve it to the id the validator accepted.
      const kind = this.roles.placeKind(v.role!);
      const resolved = kind ? resolvePlace(this.institutions, placeId, kind) : undefined;
      placeId = resolved?.ok ? resolved.place.id : undefined;
    }
    const result = await this.roles.setRole(info.identity, v.userId!, v.role!, placeId);
    if (!result.ok) {
      const key = result.reason === 'selfDemotion' ? 'admin.selfDemotion' : result.reason === 'forbidden' ? 'errors.noAccess' : 'admin.usage';
      await step.context.sendActivity(t(key));
      return step.endDialog();
    }
    const place = placeId ? this.institutions.byId(placeId)?.name : undefined;
    await step.context.sendActivity(
      t('admin.done', { id: v.userId!, role: t(`roles.${v.role!}`), where: place ? t('admin.doneWhere', { place }) : '' }),
    );
    return step.endDialog(result.identity);
  }

  private async validatePlace(prompt: PromptValidatorContext<string>): Promise<boolean> {
    if (!prompt.recognized.succeeded) return false;
    const { kind } = prompt.options.validations as { kind: 'institution' | 'unit' };
    const resolved = resolvePlace(this.institutions, prompt.recognized.value ?? '', kind);
    if (resolved.ok) return true;
    await prompt.context.sendActivity(turnInfo(prompt.context).t(resolved.message, resolved.params));
    return false;
  }
}

async function validateUser(prompt: PromptValidatorContext<string>): Promise<boolean> {
  if (prompt.recognized.succeeded && userIdSchema.safeParse(prompt.recognized.value).success) return true;
  await prompt.context.sendActivity(turnInfo(prompt.context).t('admin.badUser'));
  return false;
}

async function validateRole(prompt: PromptValidatorContext<string>): Promise<boolean> {
  if (prompt.recognized.succeeded && parseRole(prompt.recognized.value ?? '')) return true;
  const value = (prompt.recognized.value ?? '').slice(0, 40);
  await prompt.context.sendActivity(turnInfo(prompt.context).t('admin.badRole', { value }));
  return false;
}
