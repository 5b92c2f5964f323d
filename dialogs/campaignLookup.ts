/** Finding the campaign a command names, only ever among the admin's own tenant's campaigns. */
import type { Campaign } from '../src/domain/campaign.js';
import { excerpt } from '../src/domain/text.js';
import type { CampaignStore } from '../src/application/ports/repositories.js';
import type { CampaignRef } from './commands.js';

/** How many names a "no such campaign" answer lists before pointing to `campaigns`. */
const NAMES_SHOWN = 10;

export async function findCampaign(
  campaigns: CampaignStore,
  tenantId: string,
  ref: CampaignRef,
): Promise<Campaign | null> {
  if (ref.by === 'name') {
    return campaigns.findByName(tenantId, ref.name);
  }
  const campaign = await campaigns.get(ref.id);
  return campaign?.tenantId === tenantId ? campaign : null;
}

/** Says what went wrong and what exists instead, so the admin can retype the name. */
export async function campaignNotFoundText(
  campaigns: CampaignStore,
  tenantId: string,
  ref: CampaignRef,
): Promise<string> {
  const problem =
    ref.by === 'name'
      ? `No campaign named "${excerpt(ref.name)}".`
      : 'That campaign no longer exists.';
  return `${problem} ${await yourCampaignsText(campaigns, tenantId)}`;
}

/** "Your campaigns: a, b, c" — or how to create one when there are none. */
export async function yourCampaignsText(
  campaigns: CampaignStore,
  tenantId: string,
): Promise<string> {
  const names = (await campaigns.list(tenantId)).map((c) => c.name);
  if (names.length === 0) {
    return 'You have no campaigns yet — write `new campaign` to create one.';
  }
  if (names.length > NAMES_SHOWN) {
    const shown = names.slice(0, NAMES_SHOWN).join(', ');
    return `Your campaigns: ${shown} and ${names.length - NAMES_SHOWN} more — write \`campaigns\` to see them all.`;
  }
  return `Your campaigns: ${names.join(', ')}`;
}
