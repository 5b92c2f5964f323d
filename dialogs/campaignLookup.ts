/** What a command says when the campaign it names is not the admin's, and which ones are. */
import type { CampaignQueries, CampaignRef } from '../src/application/CampaignQueries.js';
import { asPlainText, excerpt } from '../src/domain/text.js';

/** How many names a "no such campaign" answer lists before pointing to `campaigns`. */
const NAMES_SHOWN = 10;

/** Says what went wrong and what exists instead, so the admin can retype the name. */
export async function campaignNotFoundText(
  campaigns: Pick<CampaignQueries, 'names'>,
  tenantId: string,
  ref: CampaignRef,
): Promise<string> {
  const problem =
    ref.by === 'name'
      ? `No campaign named "${asPlainText(excerpt(ref.name))}".`
      : 'That campaign no longer exists.';
  return `${problem} ${await yourCampaignsText(campaigns, tenantId)}`;
}

/** "Your campaigns: a, b, c" — or how to create one when there are none. */
export async function yourCampaignsText(
  campaigns: Pick<CampaignQueries, 'names'>,
  tenantId: string,
): Promise<string> {
  const names = (await campaigns.names(tenantId)).map(asPlainText);
  if (names.length === 0) {
    return 'You have no campaigns yet — write `new campaign` to create one.';
  }
  if (names.length > NAMES_SHOWN) {
    const shown = names.slice(0, NAMES_SHOWN).join(', ');
    return `Your campaigns: ${shown} and ${names.length - NAMES_SHOWN} more — write \`campaigns\` to see them all.`;
  }
  return `Your campaigns: ${names.join(', ')}`;
}
