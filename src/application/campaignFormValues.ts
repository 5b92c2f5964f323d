/**
 * What the campaign form holds between turns: the raw text of every field (as typed or
 * submitted, normalised once valid), and the "items" the admin is asked about. An item is
 * one question: it is a single field, except working hours (opening and closing together).
 */
import type { Campaign } from '../domain/campaign.js';
import type { CampaignField, CampaignFormInput } from '../domain/campaignValidation.js';
import { DEFAULT_WEEKDAYS } from '../domain/campaignValidation.js';
import { ALL_USERS_LIST_ID } from '../domain/recipients.js';

export type FormValues = CampaignFormInput;

export type FormItem =
  | 'name'
  | 'message'
  | 'channel'
  | 'listId'
  | 'startDate'
  | 'durationDays'
  | 'hours'
  | 'weekdays'
  | 'timeZone'
  | 'presencePolicy';

/** Form order. Time zone comes before the start date: "today or later" is judged in that zone. */
const ALL_ITEMS: FormItem[] = [
  'name',
  'message',
  'channel',
  'listId',
  'timeZone',
  'startDate',
  'durationDays',
  'hours',
  'weekdays',
  'presencePolicy',
];

export const ITEM_LABELS: Record<FormItem, string> = {
  name: 'Name',
  message: 'Message',
  channel: 'Channel',
  listId: 'List',
  startDate: 'Start date',
  durationDays: 'Duration',
  hours: 'Working hours',
  weekdays: 'Working weekdays',
  timeZone: 'Time zone',
  presencePolicy: 'Presence policy',
};

/** The items asked in this form: presence policy only when a presence source exists. */
export function formItems(presenceConfigured: boolean): FormItem[] {
  return ALL_ITEMS.filter((item) => presenceConfigured || item !== 'presencePolicy');
}

export function fieldsOf(item: FormItem): CampaignField[] {
  return item === 'hours' ? ['open', 'close'] : [item];
}

export function itemOf(field: CampaignField): FormItem {
  return field === 'open' || field === 'close' ? 'hours' : field;
}

/** Form order, no repeats. */
export function sortItems(items: FormItem[]): FormItem[] {
  return ALL_ITEMS.filter((item) => items.includes(item));
}

export function newFormValues(defaults: {
  channel: string;
  timeZone: string;
  presenceConfigured: boolean;
}): FormValues {
  return {
    name: '',
    message: '',
    channel: defaults.channel,
    listId: ALL_USERS_LIST_ID,
    startDate: '',
    durationDays: '',
    open: '09:00',
    close: '18:00',
    weekdays: DEFAULT_WEEKDAYS.join(','),
    timeZone: defaults.timeZone,
    presencePolicy: defaults.presenceConfigured ? 'available' : 'ignore',
  };
}

export function formValuesOf(campaign: Campaign): FormValues {
  return {
    name: campaign.name,
    message: campaign.message,
    channel: campaign.channel,
    listId: campaign.listId,
    startDate: campaign.startDate,
    durationDays: String(campaign.durationDays),
    open: campaign.workingHours.open,
    close: campaign.workingHours.close,
    weekdays: campaign.workingHours.weekdays.join(','),
    timeZone: campaign.workingHours.timeZone,
    presencePolicy: campaign.presencePolicy,
  };
}
