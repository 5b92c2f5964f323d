/**
 * Time zone names as Exchange gives them (mailbox settings): an IANA name ("Europe/Paris") or a
 * Windows name ("Romance Standard Time"), mapped to IANA with CLDR's table.
 */
import { IANAZone } from 'luxon';
import { WINDOWS_TO_IANA } from './windowsZoneTable.js';

const WINDOWS_BY_LOWER_CASE = new Map(
  Object.entries(WINDOWS_TO_IANA).map(([windows, iana]) => [windows.toLowerCase(), iana]),
);

/** The IANA zone a Windows or IANA name stands for; null when it names no zone we know. */
export function ianaZoneOf(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed === '') return null;
  const fromWindows = WINDOWS_BY_LOWER_CASE.get(trimmed.toLowerCase());
  if (fromWindows !== undefined) return fromWindows;
  return IANAZone.isValidZone(trimmed) ? trimmed : null;
}
