/** The values a message's placeholders are filled from, taken from a reachable user. */
import type { ReachableUser } from './recipients.js';

export interface Person {
  firstName?: string;
  lastName?: string;
  fullName?: string;
  email?: string;
}

export interface PersonNames {
  givenName?: string;
  surname?: string;
}

/**
 * Given name and surname read from a display name, for channels that give only that (Skype):
 * "Ada Lovelace" → Ada / Lovelace, "Lovelace, Ada" → Ada / Lovelace, "Ada King Lovelace" →
 * Ada / King Lovelace, "Ada" → Ada alone. A name that looks like an e-mail address gives none.
 */
export function namesFromDisplayName(displayName: string | undefined): PersonNames {
  const name = (displayName ?? '').replace(/\s+/g, ' ').trim();
  if (name === '' || name.includes('@')) return {};
  const comma = name.indexOf(',');
  if (comma >= 0) {
    const surname = name.slice(0, comma).trim();
    const givenName = name.slice(comma + 1).trim();
    return withoutEmpty({ givenName: givenName || surname, surname: givenName ? surname : '' });
  }
  const [givenName, ...rest] = name.split(' ');
  return withoutEmpty({ givenName, surname: rest.join(' ') });
}

function withoutEmpty(names: PersonNames): PersonNames {
  const kept: PersonNames = {};
  if (names.givenName) kept.givenName = names.givenName;
  if (names.surname) kept.surname = names.surname;
  return kept;
}

/**
 * Skype users recorded before their names were read from the display name have neither: they
 * are read from it here, as they would be now.
 */
export function personOf(
  user: Pick<ReachableUser, 'givenName' | 'surname' | 'name' | 'email' | 'channel'>,
): Person {
  const names =
    user.channel === 'skype' && user.givenName === undefined && user.surname === undefined
      ? namesFromDisplayName(user.name)
      : user;
  return {
    firstName: names.givenName,
    lastName: names.surname,
    fullName: user.name,
    email: user.email,
  };
}
