/**
 * The campaign form between turns, and what every part of the form does with it: check answers
 * against the application rules, say what was wrong, and title its cards.
 */
import type { TurnContext } from 'botbuilder';
import type { CheckResult, ItemError } from '../../src/application/campaignFormChecks.js';
import type { FormReview, FormScope } from '../../src/application/CampaignService.js';
import {
  ITEM_LABELS,
  type FormItem,
  type FormValues,
} from '../../src/application/campaignFormValues.js';
import type { ListToCreate } from '../../src/application/createList.js';
import { tenantIdOf } from '../../src/bot/identity.js';
import { validateTimeZone } from '../../src/domain/campaignValidation.js';
import type { DialogDeps } from '../DialogDeps.js';

export interface FormSession {
  mode: 'create' | 'edit';
  /** Picked when a new form opens, so a repeated Confirm finds its campaign saved. */
  campaignId: string;
  values: FormValues;
  /** A mailing list made inside the form: saved with the campaign, on Confirm only. */
  newList?: ListToCreate;
}

/** The options of the form's loops: the form, and the items still to ask, in form order. */
export interface FormLoopOptions {
  session: FormSession;
  pending: FormItem[];
}

export function formTitle(session: FormSession): string {
  return session.mode === 'create' ? 'New campaign' : `Campaign “${session.values.name}”`;
}

/** "**Start date**: 2020-01-01 is in the past. Accepted: …", one paragraph per error. */
export function errorText(errors: ItemError[]): string {
  return errors.map(({ item, error }) => `**${ITEM_LABELS[item]}**: ${error}`).join('\n\n');
}

/** Card inputs arrive as strings (a multi-select as "1,3,5"); a missing input is empty. */
export function submittedText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/** The application's checks of the form, in the context of this turn. */
export class FormChecks {
  constructor(private readonly deps: DialogDeps) {}

  check(
    items: FormItem[],
    values: FormValues,
    context: TurnContext,
    session: FormSession,
  ): Promise<CheckResult> {
    return this.deps.campaigns.checkForm(items, values, this.scopeOf(context, session));
  }

  /** The whole form, as checked before the summary and again before saving. */
  review(values: FormValues, context: TurnContext, session: FormSession): Promise<FormReview> {
    return this.deps.campaigns.reviewForm(values, this.scopeOf(context, session));
  }

  private scopeOf(context: TurnContext, session: FormSession): FormScope {
    return {
      tenantId: tenantIdOf(context.activity),
      campaignId: session.campaignId,
      newListId: session.newList?.id,
    };
  }

  /** Today in the form's zone (the default zone while the form's is not valid yet). */
  today(values: FormValues): string {
    const zone = validateTimeZone(values.timeZone);
    const now = this.deps.clock.now().setZone(zone.ok ? zone.value : this.deps.defaultTimeZone);
    return now.toISODate() ?? '';
  }
}
