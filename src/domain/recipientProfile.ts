/**
 * What the directory said of a recipient when the campaign read its audience: the
 * organisational attributes a report groups its funnel by. Pure data and rules; no I/O.
 */
import type { DirectoryAttribute } from './directoryAttributes.js';

/**
 * The attributes kept with each delivery, as Microsoft Graph names them on a user: those of the
 * audience rules' attributes a report groups by (job title and company are too fine or too
 * coarse for it).
 */
export const PROFILE_ATTRIBUTES = [
  'department',
  'country',
  'officeLocation',
] as const satisfies readonly DirectoryAttribute[];

export type ProfileAttribute = (typeof PROFILE_ATTRIBUTES)[number];

/** Each attribute only when Graph gave a non-blank value for it. */
export type RecipientProfile = Partial<Record<ProfileAttribute, string>>;

/** What a report groups by when the audience says nothing more specific. */
const DEFAULT_GROUPING: ProfileAttribute = 'department';

function isProfileAttribute(name: string): name is ProfileAttribute {
  return (PROFILE_ATTRIBUTES as readonly string[]).includes(name);
}

/**
 * The attribute a campaign's report groups by: the first attribute of the rule its audience
 * was chosen by, when deliveries keep that attribute (a rule on job title groups by
 * department), else department.
 */
export function groupingAttribute(ruleAttributes: readonly string[] = []): ProfileAttribute {
  const first = ruleAttributes[0];
  return first !== undefined && isProfileAttribute(first) ? first : DEFAULT_GROUPING;
}

/** The profile attributes of a directory entry, trimmed; blank and missing ones left out. */
export function profileOf(entry: Partial<Record<ProfileAttribute, unknown>>): RecipientProfile {
  const profile: RecipientProfile = {};
  for (const attribute of PROFILE_ATTRIBUTES) {
    const value = entry[attribute];
    if (typeof value === 'string' && value.trim() !== '') profile[attribute] = value.trim();
  }
  return profile;
}

export function isEmptyProfile(profile: RecipientProfile): boolean {
  return PROFILE_ATTRIBUTES.every((attribute) => profile[attribute] === undefined);
}
