/**
 * The card under a message whose campaign asks for acknowledgement (cards/acknowledgement.json):
 * first with the Acknowledge button, then, updated in place once pressed, saying when it was.
 */
import template from '../../cards/acknowledgement.json' with { type: 'json' };
import type { AcknowledgeSubmit } from '../domain/acknowledgement.js';
import type { CardAttachment } from '../shared/chatMessage.js';
import { renderCard } from './renderCard.js';

export const ACKNOWLEDGE_REQUEST = 'Please confirm that you have read this message.';

/** The card sent with the message: its button submits which delivery it acknowledges. */
export function acknowledgeRequestCard(deliveryId: string): CardAttachment {
  const submit: AcknowledgeSubmit = { acknowledge: deliveryId };
  return renderCard(template, {
    acknowledged: false,
    requestText: ACKNOWLEDGE_REQUEST,
    acknowledgedText: '',
    deliveryId: submit.acknowledge,
  });
}

/** The card once acknowledged; `when` is the moment in the reader's words and zone. */
export function acknowledgedCard(when: string): CardAttachment {
  return renderCard(template, {
    acknowledged: true,
    requestText: '',
    acknowledgedText: `✅ Acknowledged on ${when}.`,
    deliveryId: '',
  });
}
