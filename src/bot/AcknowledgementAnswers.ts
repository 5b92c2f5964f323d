/**
 * A recipient's acknowledgement of a campaign's message, answered before anything else in the
 * chat (admins receive campaigns too): a press of the card's Acknowledge button updates that card
 * in place to say when; a Skype reply `acknowledge` (or a synonym) is answered in text. The
 * decisions are the application's (Acknowledgements); this only reads the turn and answers it.
 */
import type { Activity, TurnContext } from 'botbuilder';
import type { Acknowledgements, ButtonAcknowledgement } from '../application/Acknowledgements.js';
import type { Logger } from '../logger.js';
import { acknowledgedCard } from '../cards/acknowledgementCard.js';
import { acknowledgedDeliveryIdOf, isAcknowledgeReply } from '../domain/acknowledgement.js';
import type { ReachableUser } from '../domain/recipients.js';
import { asPlainText } from '../domain/text.js';

export const NOT_YOURS =
  'This Acknowledge button is on a message sent to someone else: only its recipient can acknowledge it. Nothing was recorded.';
export const NOT_ACKNOWLEDGEABLE =
  'This message can no longer be acknowledged (its campaign was deleted, or does not ask for it). Nothing was recorded.';

export class AcknowledgementAnswers {
  constructor(
    private readonly acknowledgements: Acknowledgements,
    private readonly logger: Logger,
  ) {}

  /** Answers the turn if it acknowledges a message; returns whether it did. */
  async answer(context: TurnContext, user: ReachableUser): Promise<boolean> {
    const { activity } = context;
    const deliveryId = acknowledgedDeliveryIdOf(activity.value);
    if (deliveryId !== undefined) {
      await this.answerButton(context, user, deliveryId);
      return true;
    }
    if (activity.value !== undefined || !isAcknowledgeReply(activity.text ?? '')) return false;
    const result = await this.acknowledgements.acknowledgeReply(user, clientTimeZone(activity));
    if (result.kind === 'nothing-outstanding') return false;
    const campaign = asPlainText(result.campaignName);
    await context.sendActivity(
      result.kind === 'acknowledged'
        ? `Thank you: your acknowledgement of “${campaign}” was recorded on ${result.when}.`
        : `You already acknowledged “${campaign}”, on ${result.when}.`,
    );
    return true;
  }

  private async answerButton(
    context: TurnContext,
    user: ReachableUser,
    deliveryId: string,
  ): Promise<void> {
    const { activity } = context;
    const result = await this.acknowledgements.acknowledgeButton(
      user,
      deliveryId,
      clientTimeZone(activity),
    );
    if (result.kind !== 'acknowledged') {
      await context.sendActivity(refusal(result));
      return;
    }
    const cardId = activity.replyToId ?? result.activityId;
    if (cardId !== undefined && (await this.updateCard(context, cardId, result))) return;
    await context.sendActivity(`Acknowledged on ${result.when}.`);
  }

  /**
   * The pressed card, replaced in place by the same message with the acknowledged card. Whether
   * it was: when Teams refuses, the recipient is told in a reply instead (recorded all the same).
   */
  private async updateCard(
    context: TurnContext,
    cardId: string,
    result: Extract<ButtonAcknowledgement, { kind: 'acknowledged' }>,
  ): Promise<boolean> {
    try {
      await context.updateActivity({
        type: 'message',
        id: cardId,
        conversation: context.activity.conversation,
        attachments: [acknowledgedCard(result.when, result.message)],
      });
      return true;
    } catch (error) {
      this.logger.warn({ err: error, activityId: cardId }, 'acknowledged card not updated');
      return false;
    }
  }
}

function refusal(result: Exclude<ButtonAcknowledgement, { kind: 'acknowledged' }>): string {
  switch (result.kind) {
    case 'already':
      return `You already acknowledged this message, on ${result.when}.`;
    case 'not-yours':
      return NOT_YOURS;
    case 'not-acknowledgeable':
      return NOT_ACKNOWLEDGEABLE;
  }
}

/** The zone the user's client reports: Teams sends it on the activity or in its clientInfo entity. */
function clientTimeZone(activity: Activity): string | undefined {
  if (activity.localTimezone) return activity.localTimezone;
  const clientInfo = activity.entities?.find((entity) => entity.type === 'clientInfo') as
    { timezone?: unknown } | undefined;
  return typeof clientInfo?.timezone === 'string' ? clientInfo.timezone : undefined;
}
