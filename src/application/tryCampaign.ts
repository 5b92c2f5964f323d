/**
 * `try` (SPEC.md: Campaign, Try): the campaign message sent at once to one reachable user of the
 * campaign's tenant, on the campaign's channel, without presence or working-hours checks.
 */
import type { SendOutcome } from './ports/MessageSender.js';
import type { Campaign, Channel } from '../domain/campaign.js';
import { personOf } from '../domain/person.js';
import { renderMessage } from '../domain/placeholders.js';
import type { ReachableUser } from '../domain/recipients.js';
import type { UseCaseDeps } from './UseCaseDeps.js';

export type TryOutcome =
  | { kind: 'missing' }
  /** `onlyOn`: the address is reachable, but on the other channel. */
  | { kind: 'unreachable'; campaign: Campaign; onlyOn: Channel | null }
  | { kind: 'sent'; campaign: Campaign; outcome: SendOutcome };

export async function tryCampaign(
  deps: Pick<UseCaseDeps, 'campaigns' | 'users' | 'sender' | 'logger'>,
  campaignId: string,
  email: string,
): Promise<TryOutcome> {
  const campaign = await deps.campaigns.get(campaignId);
  if (campaign === null) {
    return { kind: 'missing' };
  }
  const user = await reachableUser(deps, email, campaign.channel, campaign.tenantId);
  if (user === null) {
    const other: Channel = campaign.channel === 'teams' ? 'skype' : 'teams';
    const onOther = await reachableUser(deps, email, other, campaign.tenantId);
    return { kind: 'unreachable', campaign, onlyOn: onOther === null ? null : other };
  }
  const outcome = await deps.sender.send(user, renderMessage(campaign.message, personOf(user)));
  deps.logger.info(
    { campaignId: campaign.id, userId: user.id, outcome: outcome.kind },
    'test message',
  );
  return { kind: 'sent', campaign, outcome };
}

/** Users of another organization never count, even with the same address. */
async function reachableUser(
  deps: Pick<UseCaseDeps, 'users'>,
  email: string,
  channel: Channel,
  tenantId: string,
): Promise<ReachableUser | null> {
  const user = await deps.users.findByEmail(email, channel);
  return user?.tenantId === tenantId ? user : null;
}
