/** The bot SDK's conversation state on our store, and the dialog stack kept in it. */
import { ConversationState, type Storage } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';

export function conversationStateOn(storage: Storage) {
  const conversationState = new ConversationState(storage);
  return {
    conversationState,
    dialogState: conversationState.createProperty<DialogState>('dialogState'),
  };
}
