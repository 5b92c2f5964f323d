/**
 * Recipients' working hours from their Exchange mailbox settings through Microsoft Graph
 * (`GET /users/{id}/mailboxSettings`, 20 to a `$batch`, each request paced like the other
 * directory reads and retried on its own 429 after its Retry-After). Permission:
 * MailboxSettings.Read (application). Whatever Graph will not tell is a reason the campaign's
 * hours apply.
 */
import { recipientHoursFromMailbox } from '../domain/mailboxWorkingHours.js';
import type { HoursFallbackReason, RecipientHours } from '../domain/recipientHours.js';
import { graphErrorCode, type GraphAnswer, type GraphClient } from '../graph/GraphClient.js';
import type { MailboxSettings } from '../application/ports/MailboxSettings.js';

const SETTINGS_FIELDS = 'timeZone,workingHours';

/** Graph's 404 codes that mean the user does not exist (any other 404: the user has no mailbox). */
const UNKNOWN_USER_CODES = new Set(['Request_ResourceNotFound', 'ErrorInvalidUser']);

export class GraphMailboxSettings implements MailboxSettings {
  constructor(private readonly graph: GraphClient) {}

  async recipientHours(users: string[]): Promise<Map<string, RecipientHours>> {
    const unique = [...new Set(users)];
    const answers = await this.graph.batch(
      unique.map((user, i) => ({
        id: String(i),
        method: 'GET',
        service: 'directory',
        url: `/users/${encodeURIComponent(user)}/mailboxSettings?$select=${SETTINGS_FIELDS}`,
      })),
    );
    return new Map(unique.map((user, i) => [user, hoursOf(answers.get(String(i)))]));
  }
}

function hoursOf(answer: GraphAnswer | undefined): RecipientHours {
  if (answer?.status === 200) return recipientHoursFromMailbox(answer.body);
  return { source: 'campaign', reason: fallbackReason(answer) };
}

function fallbackReason(answer: GraphAnswer | undefined): HoursFallbackReason {
  switch (answer?.status) {
    case 401:
    case 403:
      return 'not-permitted';
    case 404:
      return UNKNOWN_USER_CODES.has(graphErrorCode(answer.body)) ? 'not-found' : 'no-mailbox';
    default:
      return 'graph-unavailable';
  }
}
