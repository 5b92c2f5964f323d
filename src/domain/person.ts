/** The values a message's placeholders are filled from, taken from a reachable user. */
import type { ReachableUser } from './recipients.js';

export interface Person {
  firstName?: string;
  lastName?: string;
  fullName?: string;
  email?: string;
}

export function personOf(
  user: Pick<ReachableUser, 'givenName' | 'surname' | 'name' | 'email'>,
): Person {
  return {
    firstName: user.givenName,
    lastName: user.surname,
    fullName: user.name,
    email: user.email,
  };
}
