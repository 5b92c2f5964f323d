/**
 * Messages the bot sends, as plain data: the chat layer (src/channels, src/bot, dialogs/) hands
 * them to the bot SDK, whose activity and attachment types accept them as they are. Nothing
 * below the chat layer depends on a bot SDK.
 */

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** An Adaptive Card as a message attachment. */
export interface CardAttachment {
  contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE;
  /** The expanded card JSON. */
  content: unknown;
}

/** One message: Markdown text, cards, or both. */
export interface ChatMessage {
  type: 'message';
  text?: string;
  attachments?: CardAttachment[];
  attachmentLayout?: 'list';
  inputHint: 'acceptingInput';
}

/** A text message. */
export function textMessage(text: string): ChatMessage {
  return { type: 'message', text, inputHint: 'acceptingInput' };
}

/** A message showing one card, with an optional text above it. */
export function cardMessage(card: CardAttachment, text?: string): ChatMessage {
  return {
    type: 'message',
    attachmentLayout: 'list',
    attachments: [card],
    ...(text ? { text } : {}),
    inputHint: 'acceptingInput',
  };
}
