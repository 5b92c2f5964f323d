/**
 * What the chat says around `recall` and `correct` (SPEC.md: Recall and correct): refusals, the
 * confirmation's choices and what will happen to whom, and the reply once it has started.
 */
import type { ChoiceOption } from '../src/domain/answers.js';
import type { RevisionPlan, RevisionRefusal } from '../src/application/reviseCampaign.js';
import type { RevisionKind } from '../src/domain/revision.js';
import { asPlainText } from '../src/domain/text.js';

export const REVISION_OFF_TEXT =
  'Recall and correction are turned off here: your organisation’s rule is that a sent message stands (the operator’s RECALL_AND_CORRECT setting). `info` and `report` stay available.';

/** The choices of a confirmation; "Confirm" must be typed or clicked, anything else asks again. */
export function confirmChoices(keepTitle: string): ChoiceOption[] {
  return [
    { value: 'yes', title: 'Confirm', synonyms: ['confirm', 'yes', 'y'] },
    { value: 'no', title: keepTitle, synonyms: ['no', 'n', 'keep'] },
  ];
}

export function refusalText(refusal: RevisionRefusal, kind: RevisionKind): string {
  switch (refusal.kind) {
    case 'disabled':
      return REVISION_OFF_TEXT;
    case 'missing':
      return 'That campaign no longer exists, or was recalled or corrected meanwhile.';
    case 'refused':
      return `“${asPlainText(refusal.campaign.name)}” cannot be ${kind === 'recall' ? 'recalled' : 'corrected'}: ${refusal.reason}.`;
  }
}

function messages(n: number): string {
  return `${n.toLocaleString('en-US')} delivered message${n === 1 ? '' : 's'}`;
}

function deliveries(n: number): string {
  return `${n.toLocaleString('en-US')} pending deliver${n === 1 ? 'y' : 'ies'}`;
}

/** "1,204 delivered messages will be deleted from recipients' chats and 310 pending deliveries cancelled." */
export function recallConsequences(plan: RevisionPlan): string {
  const stops = plan.campaign.status === 'running' ? ' The campaign stops now.' : '';
  return `${messages(plan.delivered)} will be deleted from recipients’ chats and ${deliveries(plan.pending)} cancelled.${stops} This cannot be undone.`;
}

/** "1,204 delivered messages will be replaced in recipients' chats; 310 pending deliveries will send the new message." */
export function correctionConsequences(plan: RevisionPlan): string {
  return `${messages(plan.delivered)} will be replaced in recipients’ chats by the new message; ${deliveries(plan.pending)} will send the new message.`;
}

export function startedText(kind: RevisionKind, name: string): string {
  const doing = kind === 'recall' ? 'Recalling' : 'Correcting';
  return `${doing} “${asPlainText(name)}”. You will get a report when every delivered message has been dealt with; \`info ${asPlainText(name)}\` shows where it stands.`;
}
