/**
 * The campaign form between turns, and what every part of the form does with it: check answers
 * against the application rules, say what was wrong, and title its cards.
 */
import type { TurnContext } from 'botbuilder';
import type { CheckResult } from '../../src/application/campaignFormChecks.js';
import type { FormReview, FormScope } from '../../src/application/CampaignService.js';
import type { ListToCreate } from '../../src/application/createList.js';
import { tenantIdOf } from '../../src/bot/identity.js';
import {
  formTimeZone,
  type CampaignField,
  type FieldError,
  type FormValues,
} from '../../src/domain/campaignFields.js';
import type { DialogDeps } from '../DialogDeps.js';
import { labelOf } from './fieldPresentation.js';

export { submittedText } from './fieldPresentation.js';

export interface FormSession {
  mode: 'create' | 'edit';
  /** Picked when a new form opens, so a repeated Confirm finds its campaign saved. */
  campaignId: string;
  values: FormValues;
  /** A mailing list made inside the form: saved with the campaign, on Confirm only. */
  newList?: ListToCreate;
}

/** The options of the form's loops: the form, and the fields still to ask, in form order. */
export interface FormLoopOptions {
  session: FormSession;
  pending: CampaignField[];
}

export function formTitle(session: FormSession): string {
  return session.mode === 'create' ? 'New campaign' : `Campaign “${session.values.name}”`;
}

/** "**Start date**: 2020-01-01 is in the past. Accepted: …", one paragraph per error. */
export function errorText(errors: FieldError[]): string {
  return errors.map(({ field, error }) => `**${labelOf(field)}**: ${error}`).join('\n\n');
}

/** The application's checks of the form, in the context of this turn. */
export class FormChecks {
  constructor(private readonly deps: DialogDeps) {}

  check(
    fields: CampaignField[],
    values: FormValues,
    context: TurnContext,
    session: FormSession,
  ): Promise<CheckResult> {
    return this.deps.campaigns.checkForm(fields, values, this.scopeOf(context, session));
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
    const zone = formTimeZone(values, this.deps.defaultTimeZone);
    return this.deps.clock.now().setZone(zone).toISODate() ?? '';
  }
}
