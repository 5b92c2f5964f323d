/**
 * Checks the form's answers: the pure field rules of src/domain/campaignValidation.ts plus
 * the two rules that need the store — the name is not used by another campaign of the
 * tenant, and the chosen list exists.
 */
import type { DateTime } from 'luxon';
import type { CampaignDraft } from '../domain/campaign.js';
import {
  validateCampaignDraft,
  validateChannel,
  validateDuration,
  validateListId,
  validateMessage,
  validateName,
  validateOpeningHours,
  validatePresencePolicy,
  validateStartDate,
  validateTimeZone,
  validateWeekdays,
  type Validation,
} from '../domain/campaignValidation.js';
import { ALL_USERS_LIST_ID } from '../domain/recipients.js';
import type { CampaignStore, ListStore } from './ports/repositories.js';
import { formItems, itemOf, type FormItem, type FormValues } from './campaignFormValues.js';

export interface CheckContext {
  campaigns: CampaignStore;
  lists: ListStore;
  now: DateTime;
  presenceConfigured: boolean;
  defaultTimeZone: string;
  tenantId: string;
  /** The campaign being edited: its own name is not a clash. */
  campaignId?: string;
  /** A mailing list made inside the form, saved with the campaign on Confirm. */
  newListId?: string;
}

export interface ItemError {
  item: FormItem;
  error: string;
}

export type CheckResult = { ok: true; values: FormValues } | { ok: false; errors: ItemError[] };

/** Checks `items` of `values`; on success returns `values` with those items normalised. */
export async function checkItems(
  items: FormItem[],
  values: FormValues,
  ctx: CheckContext,
): Promise<CheckResult> {
  const errors: ItemError[] = [];
  let normalised = { ...values };
  for (const item of items) {
    const result = await checkItem(item, values, ctx);
    if (result.ok) {
      normalised = { ...normalised, ...result.value };
    } else {
      errors.push({ item, error: result.error });
    }
  }
  return errors.length === 0 ? { ok: true, values: normalised } : { ok: false, errors };
}

/** The whole form, as checked before the summary and again before saving. */
export async function reviewForm(
  values: FormValues,
  ctx: CheckContext,
): Promise<
  { ok: true; values: FormValues; draft: CampaignDraft } | { ok: false; errors: ItemError[] }
> {
  const checked = await checkItems(formItems(ctx.presenceConfigured), values, ctx);
  if (!checked.ok) {
    return checked;
  }
  const draft = validateCampaignDraft(checked.values, ctx);
  if (!draft.ok) {
    return {
      ok: false,
      errors: draft.errors.map(({ field, error }) => ({ item: itemOf(field), error })),
    };
  }
  return { ok: true, values: checked.values, draft: draft.value };
}

async function checkItem(
  item: FormItem,
  values: FormValues,
  ctx: CheckContext,
): Promise<Validation<Partial<FormValues>>> {
  switch (item) {
    case 'name':
      return checkNameIsFree(validateName(values.name), ctx);
    case 'message':
      return as(validateMessage(values.message), (message) => ({ message }));
    case 'channel':
      return as(validateChannel(values.channel), (channel) => ({ channel }));
    case 'listId':
      return checkListExists(validateListId(values.listId), ctx);
    case 'timeZone':
      return as(validateTimeZone(values.timeZone), (timeZone) => ({ timeZone }));
    case 'startDate': {
      const zone = validateTimeZone(values.timeZone);
      const timeZone = zone.ok ? zone.value : ctx.defaultTimeZone;
      return as(validateStartDate(values.startDate, { now: ctx.now, timeZone }), (startDate) => ({
        startDate,
      }));
    }
    case 'durationDays':
      return as(validateDuration(values.durationDays), (days) => ({ durationDays: String(days) }));
    case 'hours':
      return validateOpeningHours(values.open, values.close);
    case 'weekdays':
      return as(validateWeekdays(values.weekdays), (days) => ({ weekdays: days.join(',') }));
    case 'presencePolicy':
      return as(
        validatePresencePolicy(values.presencePolicy, ctx.presenceConfigured),
        (presencePolicy) => ({ presencePolicy }),
      );
  }
}

function as<T, U>(result: Validation<T>, map: (value: T) => U): Validation<U> {
  return result.ok ? { ok: true, value: map(result.value) } : result;
}

async function checkNameIsFree(
  result: Validation<string>,
  ctx: CheckContext,
): Promise<Validation<Partial<FormValues>>> {
  if (!result.ok) {
    return result;
  }
  const other = await ctx.campaigns.findByName(ctx.tenantId, result.value);
  if (other !== null && other.id !== ctx.campaignId) {
    return { ok: false, error: nameTakenError(other.name) };
  }
  return { ok: true, value: { name: result.value } };
}

export function nameTakenError(existingName: string): string {
  return `a campaign named "${existingName}" already exists (names are compared ignoring case). Accepted: a name no other campaign uses.`;
}

async function checkListExists(
  result: Validation<string>,
  ctx: CheckContext,
): Promise<Validation<Partial<FormValues>>> {
  if (!result.ok) {
    return result;
  }
  if (result.value !== ALL_USERS_LIST_ID && result.value !== ctx.newListId) {
    const list = await ctx.lists.get(result.value);
    if (list === null || list.tenantId !== ctx.tenantId) {
      return {
        ok: false,
        error:
          'that list no longer exists. Accepted: one of the lists offered, or a new mailing list.',
      };
    }
  }
  return { ok: true, value: { listId: result.value } };
}
