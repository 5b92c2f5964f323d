/** Prompt validation that tells the admin exactly what was wrong. */
import { MessageFactory } from 'botbuilder';
import type { PromptValidatorContext } from 'botbuilder-dialogs';

/**
 * Rejects the answer and makes `text` the prompt's retry message, so the admin reads one message
 * saying why and what to type, instead of the reason followed by the original question again.
 */
export function rejectWith<T>(prompt: PromptValidatorContext<T>, text: string): false {
  prompt.options.retryPrompt = MessageFactory.text(text);
  return false;
}
