/**
 * A directory audience Graph would not let us read at campaign start, with what its author can
 * do about it. Permanent when Graph refused (a missing permission, a deleted group): asking
 * again cannot help. Transient when Graph kept failing or throttling past the client's retries.
 */
import type { DirectoryAudience } from '../domain/directory.js';
import { ruleSentence } from '../domain/directoryAttributes.js';
import { GraphError } from '../graph/GraphClient.js';

export class AudienceUnreadable extends Error {
  constructor(
    /** Graph's HTTP status; 0 when it did not answer. */
    readonly status: number,
    readonly permanent: boolean,
    /** For the campaign's author: what failed and what to do. */
    readonly reason: string,
  ) {
    super(`directory audience unreadable (Graph ${status}): ${reason}`);
    this.name = 'AudienceUnreadable';
  }
}

/** Graph gives up on its own only for 429, 5xx and no answer; any other 4xx is final. */
function isPermanent(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/**
 * The error a failed read of `audience` becomes; anything but a GraphError is left as it is.
 * `consentUrl` (multi-tenant Graph): a refused permission is granted by the campaign's tenant's
 * Entra admin consenting again there, not in the app registration.
 */
export function audienceReadFailure(
  error: unknown,
  audience: DirectoryAudience,
  consentUrl?: string,
): unknown {
  if (!(error instanceof GraphError)) return error;
  return new AudienceUnreadable(
    error.status,
    isPermanent(error.status),
    reasonFor(error.status, audience, consentUrl),
  );
}

/**
 * A directory audience of a tenant that has not granted the bot's multi-tenant Graph app admin
 * consent (or withdrew it): nothing can be read until its Entra admin consents at `consentUrl`.
 */
export function audienceWithoutConsent(
  audience: DirectoryAudience,
  consentUrl: string,
): AudienceUnreadable {
  return new AudienceUnreadable(
    401,
    true,
    `Your organisation (tenant) has not granted the bot access to its directory in Microsoft Graph, so ${audienceText(audience)} could not be read. An Entra admin of your organisation grants it once, here: ${consentUrl} — then create the campaign again.`,
  );
}

function reasonFor(status: number, audience: DirectoryAudience, consentUrl?: string): string {
  const what = audienceText(audience);
  const permission = audience.kind === 'group' ? 'GroupMember.Read.All' : 'User.Read.All';
  switch (status) {
    case 401:
      return `Microsoft Graph did not accept the bot's credentials (401) when reading ${what}. Check GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET (an expired client secret is the usual cause).`;
    case 403:
      if (consentUrl !== undefined) {
        return `Microsoft Graph refused to read ${what} (403 Forbidden): the bot's app lacks the application permission ${permission} in your organisation. An Entra admin of your organisation grants it by giving the bot's app admin consent again, here: ${consentUrl}`;
      }
      return `Microsoft Graph refused to read ${what} (403 Forbidden): the bot's app registration lacks the application permission ${permission}. A tenant admin grants it in the Entra admin center → App registrations → the bot's Graph app → API permissions → Add ${permission} (Application) → Grant admin consent.`;
    case 404:
      return audience.kind === 'group'
        ? 'The group no longer exists in the directory (Microsoft Graph answered 404 Not Found): it was probably deleted. Choose another audience.'
        : `Microsoft Graph answered 404 Not Found when reading ${what}.`;
    case 0:
      return `Microsoft Graph did not answer when reading ${what}, until the campaign's last working day was over.`;
    default:
      return `Microsoft Graph answered ${status} when reading ${what}${isPermanent(status) ? '' : ", until the campaign's last working day was over"}.`;
  }
}

function audienceText(audience: DirectoryAudience): string {
  switch (audience.kind) {
    case 'group':
      return "the group's members";
    case 'everyone':
      return "the organisation's users (everyone in the organisation)";
    case 'attributes':
      return `the organisation's users with ${ruleSentence(audience.rule)}`;
  }
}
