/**
 * Checks the form's answers: the field rules of src/domain/campaignFields.ts plus the two rules
 * that need the store — the name is not used by another campaign of the tenant, and the chosen
 * list exists.
 */
import type { DateTime } from 'luxon';
import type { CampaignDraft } from '../domain/campaign.js';
import {
  checkField,
  formFields,
  formTimeZone,
  validateCampaignDraft,
  type CampaignField,
  type FieldError,
  type FormValues,
} from '../domain/campaignFields.js';
import { ALL_USERS_LIST_ID } from '../domain/recipients.js';
import type { CampaignStore, ListStore } from './ports/repositories.js';

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

export type CheckResult = { ok: true; values: FormValues } | { ok: false; errors: FieldError[] };

/** The rules a field's valid text must also pass against the store. */
const STORE_CHECKS: Partial<
  Record<CampaignField, (text: string, ctx: CheckContext) => Promise<string | null>>
> = {
  name: nameTakenBy,
  listId: listMissing,
};

/** Checks `fields` of `values`; on success returns `values` with those fields normalised. */
export async function checkFields(
  fields: CampaignField[],
  values: FormValues,
  ctx: CheckContext,
): Promise<CheckResult> {
  const fieldContext = { ...ctx, timeZone: formTimeZone(values, ctx.defaultTimeZone) };
  const errors: FieldError[] = [];
  const normalised = { ...values };
  for (const field of fields) {
    const checked = checkField(field, values, fieldContext);
    if (!checked.ok) {
      errors.push({ field, error: checked.error });
      continue;
    }
    const refusal = (await STORE_CHECKS[field]?.(checked.value, ctx)) ?? null;
    if (refusal === null) {
      normalised[field] = checked.value;
    } else {
      errors.push({ field, error: refusal });
    }
  }
  return errors.length === 0 ? { ok: true, values: normalised } : { ok: false, errors };
}

/** The whole form, as checked before the summary and again before saving. */
export async function reviewForm(
  values: FormValues,
  ctx: CheckContext,
): Promise<
  { ok: true; values: FormValues; draft: CampaignDraft } | { ok: false; errors: FieldError[] }
> {
  const checked = await checkFields(formFields(ctx), values, ctx);
  if (!checked.ok) {
    return checked;
  }
  const draft = validateCampaignDraft(checked.values, ctx);
  return draft.ok ? { ok: true, values: checked.values, draft: draft.value } : draft;
}

async function nameTakenBy(name: string, ctx: CheckContext): Promise<string | null> {
  const other = await ctx.campaigns.findByName(ctx.tenantId, name);
  return other !== null && other.id !== ctx.campaignId ? nameTakenError(other.name) : null;
}

export function nameTakenError(existingName: string): string {
  return `a campaign named "${existingName}" already exists (names are compared ignoring case). Accepted: a name no other campaign uses.`;
}

async function listMissing(listId: string, ctx: CheckContext): Promise<string | null> {
  if (listId === ALL_USERS_LIST_ID || listId === ctx.newListId) {
    return null;
  }
  const list = await ctx.lists.get(listId);
  return list === null || list.tenantId !== ctx.tenantId
    ? 'that list no longer exists. Accepted: one of the lists offered, or a new mailing list.'
    : null;
}
