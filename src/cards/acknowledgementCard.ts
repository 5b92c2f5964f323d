/**
 * The message of a campaign that asks for acknowledgement, as one card (cards/acknowledgement.json):
 * first with the Acknowledge button, then, updated in place once pressed, saying when it was. The
 * card carries the message text itself: Teams shows a text with a card as two messages, and
 * refuses to replace such an activity in place ("resulted into multiple skype activities").
 */
import template from '../../cards/acknowledgement.json' with { type: 'json' };
import type { AcknowledgeSubmit } from '../domain/acknowledgement.js';
import type { CardAttachment } from '../shared/chatMessage.js';
import { renderCard } from './renderCard.js';

export const ACKNOWLEDGE_REQUEST = 'Please confirm that you have read this message.';

/** The card sent with the message: its button submits which delivery it acknowledges. */
export function acknowledgeRequestCard(deliveryId: string, message: string): CardAttachment {
  const submit: AcknowledgeSubmit = { acknowledge: deliveryId };
  return renderCard(template, {
    message,
    acknowledged: false,
    requestText: ACKNOWLEDGE_REQUEST,
    acknowledgedText: '',
    deliveryId: submit.acknowledge,
  });
}

/** The card once acknowledged; `when` is the moment in the reader's words and zone. */
export function acknowledgedCard(when: string, message: string): CardAttachment {
  return renderCard(template, {
    message,
    acknowledged: true,
    requestText: '',
    acknowledgedText: `✅ Acknowledged on ${when}.`,
    deliveryId: '',
  });
}
