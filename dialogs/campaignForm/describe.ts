/** The campaign form's summary: every field of the draft in the words of `info`. */
import type { DateTime } from 'luxon';
import type { CampaignDraft } from '../../src/domain/campaign.js';
import {
  channelLabel,
  describeDuration,
  describePresencePolicy,
  describeWeekdays,
  readableInstant,
} from '../campaignDescription.js';

export const PRESENCE_NOT_CONFIGURED =
  'Presence: not configured, messages are sent regardless of presence (policy ignore)';

export interface Fact {
  title: string;
  value: string;
}

export function campaignFacts(draft: CampaignDraft, listName: string, startsAt: DateTime): Fact[] {
  const hours = draft.workingHours;
  return [
    { title: 'Name', value: draft.name },
    { title: 'Channel', value: channelLabel(draft.channel) },
    { title: 'List', value: listName },
    { title: 'Start date', value: draft.startDate },
    { title: 'Starts', value: readableInstant(startsAt, hours.timeZone) },
    { title: 'Duration', value: describeDuration(draft.durationDays) },
    { title: 'Working hours', value: `${hours.open}–${hours.close}` },
    { title: 'Working weekdays', value: describeWeekdays(hours.weekdays) },
    { title: 'Time zone', value: hours.timeZone },
    {
      title: 'Presence policy',
      value: `${draft.presencePolicy}: ${describePresencePolicy(draft.presencePolicy)}`,
    },
  ];
}
