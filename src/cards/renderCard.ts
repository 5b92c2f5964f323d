/**
 * Turns an Adaptive Card JSON template (cards/*.json) and its data into a message attachment.
 * Templates bind with `${field}`; every field a template binds must be present in `data`
 * (use '' for "nothing entered yet"), because the templating engine leaves an unbound
 * `${field}` in the card as literal text.
 */
import * as ACData from 'adaptivecards-templating';
import { ADAPTIVE_CARD_CONTENT_TYPE, type CardAttachment } from '../shared/chatMessage.js';

/**
 * Each template parsed once: parsing its expressions costs a chat turn more than anything else
 * it does (a third of a `report` turn), and a Template expands any number of data objects.
 */
const parsedTemplates = new WeakMap<object, ACData.Template>();

export function renderCard<T extends object>(template: object, data: T): CardAttachment {
  let parsed = parsedTemplates.get(template);
  if (parsed === undefined) {
    parsed = new ACData.Template(template);
    parsedTemplates.set(template, parsed);
  }
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: parsed.expand({ $root: data }) };
}
