/**
 * What our Adaptive Card buttons send back (Action.Submit `data`, merged with the card's inputs
 * into `activity.value`), in one place:
 *   { command: 'info', campaignId }  a command button (campaign cards, Cancel on every form card);
 *   { card: 'campaignSummary', choice: 'confirm', …inputs }  an answer to the question of `card`.
 */
export type CardPayload =
  | { kind: 'command'; command: string; campaignId?: string }
  | { kind: 'answer'; card: string; choice?: string; inputs: Record<string, unknown> };

export function parseCardPayload(value: unknown): CardPayload | null {
  if (typeof value !== 'object' || value === null) {
    return null;
  }
  const data = value as Record<string, unknown>;
  if (typeof data.command === 'string') {
    return {
      kind: 'command',
      command: data.command,
      ...(typeof data.campaignId === 'string' ? { campaignId: data.campaignId } : {}),
    };
  }
  if (typeof data.card === 'string') {
    return {
      kind: 'answer',
      card: data.card,
      ...(typeof data.choice === 'string' ? { choice: data.choice } : {}),
      inputs: data,
    };
  }
  return null;
}

/** The data of a button answering the question of `card` with `choice`. */
export function answerData(card: string, choice: string): { card: string; choice: string } {
  return { card, choice };
}
