/** Which addresses of a new mailing list match nobody in the organisation's directory. */
import type { Directory } from '../src/application/ports/Directory.js';

/** Addresses listed one by one; beyond this only their number is given, to fit a chat message. */
const SHOWN = 50;

/** A chat message naming the addresses that match nobody; undefined when all matched. */
export async function directoryMatchText(
  directory: Pick<Directory, 'resolveAddresses'>,
  emails: string[],
): Promise<string | undefined> {
  const resolved = await directory.resolveAddresses(emails);
  const nobody = emails.filter((email) => resolved.get(email) === null);
  const unasked = emails.length - resolved.size;
  const paragraphs: string[] = [];
  if (nobody.length > 0) {
    const shown = nobody.slice(0, SHOWN).map((email) => `- ${email}`);
    const more = nobody.length - shown.length;
    paragraphs.push(
      [
        `${nobody.length === 1 ? 'This address matches' : `These ${nobody.length} addresses match`} nobody in your organisation's directory:`,
        ...shown,
        ...(more > 0 ? [`- … and ${more} more`] : []),
      ].join('\n'),
      'They stay on the list and are reported as not in the directory when a campaign runs.',
    );
  }
  if (unasked > 0) {
    paragraphs.push(
      `The directory could not be asked about ${unasked} address${unasked === 1 ? '' : 'es'} right now; a campaign looks them up again when it starts.`,
    );
  }
  return paragraphs.length === 0 ? undefined : paragraphs.join('\n\n');
}
