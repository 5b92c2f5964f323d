/**
 * Turns an Adaptive Card JSON template (cards/*.json) and its data into a message attachment.
 * Templates bind with `${field}`; every field a template binds must be present in `data`
 * (use '' for "nothing entered yet"), because the templating engine leaves an unbound
 * `${field}` in the card as literal text.
 */
import { CardFactory, type Attachment } from 'botbuilder';
import * as ACData from 'adaptivecards-templating';

export function renderCard<T extends object>(template: object, data: T): Attachment {
  const card: unknown = new ACData.Template(template).expand({ $root: data });
  return CardFactory.adaptiveCard(card);
}
