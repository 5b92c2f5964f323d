/**
 * A recipient acknowledges a campaign's message (campaign option `acknowledgement`, SPEC.md:
 * Acknowledgement): by its card's Acknowledge button on Teams, by replying `acknowledge` (or a
 * listed synonym) on Skype. Each delivery is acknowledged once: the store's conditional write
 * decides between a double click, or clicks reaching two processes at once.
 */
import type { Campaign } from '../domain/campaign.js';
import type { Delivery } from '../domain/delivery.js';
import {
  acknowledgementRequest,
  describeAcknowledgedAt,
  isAcknowledgeable,
  isRecipientOf,
  recipientIdsOf,
} from '../domain/acknowledgement.js';
import { validateTimeZone } from '../domain/campaignValidation.js';
import { personOf } from '../domain/person.js';
import { renderMessage } from '../domain/placeholders.js';
import type { ReachableUser } from '../domain/recipients.js';
import type { Clock } from './ports/Clock.js';
import type { LinkRewriter } from './ports/LinkRewriter.js';
import type { Logger } from './ports/Logger.js';
import type { CampaignStore, DeliveryStore } from './ports/repositories.js';

export interface AcknowledgementsDeps {
  campaigns: Pick<CampaignStore, 'get' | 'list'>;
  deliveries: Pick<DeliveryStore, 'get' | 'acknowledge' | 'latestUnacknowledged'>;
  links: LinkRewriter;
  clock: Clock;
  logger: Logger;
}

/** What a press of an Acknowledge button comes to. */
export type ButtonAcknowledgement =
  /**
   * Recorded now. `message` is the delivered message again and `activityId` the one it was
   * sent as, for the card's update in place; `when` is in the clicker's words and zone.
   */
  | { kind: 'acknowledged'; when: string; message: string; activityId?: string }
  | { kind: 'already'; when: string }
  /** The button is on someone else's message: nothing recorded. */
  | { kind: 'not-yours' }
  /** Gone with its campaign, never delivered, or its campaign does not ask for it. */
  | { kind: 'not-acknowledgeable' };

/** What a reply `acknowledge` comes to. */
export type ReplyAcknowledgement =
  | { kind: 'acknowledged'; campaignName: string; when: string }
  | { kind: 'already'; campaignName: string; when: string }
  /** Nothing of theirs waits for an acknowledgement: the words mean what they meant before. */
  | { kind: 'nothing-outstanding' };

/** Campaigns whose messages went out; before that nobody can have one to acknowledge. */
const SENDING_STATUSES: ReadonlySet<Campaign['status']> = new Set(['running', 'finished']);

export class Acknowledgements {
  constructor(private readonly deps: AcknowledgementsDeps) {}

  /**
   * A press of the button of `deliveryId`'s card by `user`. `clickerZone` is the time zone their
   * client reported, if any; the campaign's zone otherwise.
   */
  async acknowledgeButton(
    user: ReachableUser,
    deliveryId: string,
    clickerZone?: string,
  ): Promise<ButtonAcknowledgement> {
    const delivery = await this.deps.deliveries.get(deliveryId);
    const campaign = delivery && (await this.deps.campaigns.get(delivery.campaignId));
    if (!delivery || !campaign) return { kind: 'not-acknowledgeable' };
    if (campaign.tenantId !== user.tenantId || !isRecipientOf(delivery, user)) {
      this.deps.logger.warn(
        { campaignId: campaign.id, deliveryId, userId: user.id },
        'acknowledge refused: not the recipient',
      );
      return { kind: 'not-yours' };
    }
    if (acknowledgementRequest(campaign) !== 'button') return { kind: 'not-acknowledgeable' };
    const zone = readerZone(clickerZone, campaign);
    const recorded = await this.record(delivery, campaign);
    if (recorded.kind === 'not-acknowledgeable') return recorded;
    const when = describeAcknowledgedAt(recorded.at, zone);
    if (recorded.kind === 'already') return { kind: 'already', when };
    const message = await this.deps.links.trackLinks(
      delivery,
      renderMessage(campaign.message, personOf(user)),
    );
    return {
      kind: 'acknowledged',
      when,
      message,
      ...(delivery.activityId === undefined ? {} : { activityId: delivery.activityId }),
    };
  }

  /**
   * A reply `acknowledge` by `user`: acknowledges their newest delivered, unacknowledged message
   * of a campaign of their organisation that asks for a reply.
   */
  async acknowledgeReply(user: ReachableUser, zone?: string): Promise<ReplyAcknowledgement> {
    const asking = (await this.deps.campaigns.list(user.tenantId)).filter(
      (campaign) =>
        SENDING_STATUSES.has(campaign.status) && acknowledgementRequest(campaign) === 'reply',
    );
    const delivery = await this.deps.deliveries.latestUnacknowledged(
      recipientIdsOf(user),
      asking.map((campaign) => campaign.id),
    );
    const campaign = asking.find((c) => c.id === delivery?.campaignId);
    if (!delivery || !campaign) return { kind: 'nothing-outstanding' };
    const recorded = await this.record(delivery, campaign);
    if (recorded.kind === 'not-acknowledgeable') return { kind: 'nothing-outstanding' };
    return {
      kind: recorded.kind,
      campaignName: campaign.name,
      when: describeAcknowledgedAt(recorded.at, readerZone(zone, campaign)),
    };
  }

  /** The once-only write; a loser reads back the winner's moment. */
  private async record(
    delivery: Delivery,
    campaign: Campaign,
  ): Promise<{ kind: 'acknowledged' | 'already'; at: number } | { kind: 'not-acknowledgeable' }> {
    if (delivery.acknowledgedAt !== undefined) {
      return { kind: 'already', at: delivery.acknowledgedAt };
    }
    if (!isAcknowledgeable(delivery)) return { kind: 'not-acknowledgeable' };
    const at = this.deps.clock.now().toMillis();
    if (await this.deps.deliveries.acknowledge(delivery.id, at)) {
      this.deps.logger.info(
        { campaignId: campaign.id, deliveryId: delivery.id },
        'delivery acknowledged',
      );
      return { kind: 'acknowledged', at };
    }
    const now = await this.deps.deliveries.get(delivery.id);
    return now?.acknowledgedAt === undefined
      ? { kind: 'not-acknowledgeable' }
      : { kind: 'already', at: now.acknowledgedAt };
  }
}

/** The zone the reader's client reported when it is a real one, else the campaign's. */
function readerZone(reported: string | undefined, campaign: Campaign): string {
  const zone = reported === undefined ? undefined : validateTimeZone(reported);
  return zone?.ok ? zone.value : campaign.workingHours.timeZone;
}
