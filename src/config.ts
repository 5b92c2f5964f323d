/**
 * Typed configuration, parsed once at start from the environment (and `.env`).
 * Every variable is documented in `.env.example`.
 */
import { z } from 'zod';
import {
  AUTHORITY_HOSTS,
  cloudOf,
  GRAPH_ENDPOINTS,
  isAuthorityHost,
  isGraphEndpoint,
  type GraphCloud,
} from './graph/nationalClouds.js';
import { maskUrlCredentials, urlCredentials } from './shared/urlCredentials.js';

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const emailList = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(/[\s,;]+/)
      .map((e) => e.trim().toLowerCase())
      .filter((e) => e !== ''),
  )
  .refine((list) => list.every((e) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(e)), {
    message: 'a comma-separated list of e-mail addresses',
  });

/** `channel:userId` as ReachableUser ids are written; user ids may hold colons themselves. */
const adminIdList = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(/[\s,;]+/)
      .filter((id) => id !== '')
      .map((id) => {
        const at = id.indexOf(':');
        return at < 0 ? id : `${id.slice(0, at).toLowerCase()}${id.slice(at)}`;
      }),
  )
  .refine((list) => list.every((id) => /^[a-z0-9.-]+:\S+$/.test(id)), {
    message: 'a comma-separated list of channel:userId entries such as skype:live:ada',
  });

/**
 * `user:password@` with no reserved character left unencoded: an `@` or `/` in the password
 * would make the driver read a piece of it as the host, and quote it in its error.
 */
function hasEncodedCredentials(url: string): boolean {
  const credentials = urlCredentials(url);
  return credentials === undefined || /^[^:@/?#[\]]*(:[^:@/?#[\]]*)?$/.test(credentials);
}

function isIanaZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const schema = z.object({
  MicrosoftAppId: optionalText,
  MicrosoftAppPassword: optionalText,
  MicrosoftAppTenantId: optionalText,
  MicrosoftAppType: z
    .enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'], {
      message: 'one of MultiTenant, SingleTenant, UserAssignedMSI',
    })
    .default('MultiTenant'),
  PORT: z.coerce
    .number({ message: 'a port number from 1 to 65535' })
    .int({ message: 'a port number from 1 to 65535' })
    .min(1, { message: 'a port number from 1 to 65535' })
    .max(65535, { message: 'a port number from 1 to 65535' })
    .default(3978),
  PUBLIC_URL: z
    .url({ message: 'an absolute http(s) URL such as https://bot.example.com' })
    .refine((u) => /^https?:\/\//.test(u), {
      message: 'an absolute http(s) URL such as https://bot.example.com',
    })
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  MONGODB_URL: optionalText
    .refine((u) => u === undefined || /^mongodb(\+srv)?:\/\//.test(u), {
      message: 'a mongodb:// or mongodb+srv:// connection string',
    })
    .refine((u) => u === undefined || hasEncodedCredentials(u), {
      message:
        'a user name and password written percent-encoded (@ as %40, / as %2F, : as %3A, ? as %3F, # as %23)',
    }),
  ADMIN_EMAILS: emailList,
  ADMIN_IDS: adminIdList,
  DEFAULT_TIMEZONE: z
    .string()
    .default('UTC')
    .refine(isIanaZone, { message: 'an IANA time zone such as Europe/Paris' }),
  // A tenant id, or `organizations`: each tenant's own directory (a multi-tenant Graph app).
  GRAPH_TENANT_ID: optionalText.refine(
    (t) => t === undefined || !['common', 'consumers'].includes(t.toLowerCase()),
    {
      message:
        "the tenant's directory id (a GUID), or organizations for each tenant's own directory",
    },
  ),
  GRAPH_CLIENT_ID: optionalText,
  GRAPH_CLIENT_SECRET: optionalText,
  GRAPH_ENDPOINT: optionalText.refine((u) => u === undefined || isGraphEndpoint(u), {
    message: `one of ${GRAPH_ENDPOINTS.join(', ')}`,
  }),
  AUTHORITY_HOST: optionalText.refine((u) => u === undefined || isAuthorityHost(u), {
    message: `one of ${AUTHORITY_HOSTS.join(', ')}`,
  }),
  TEAMS_APP_CATALOG_ID: optionalText.refine(
    (id) => id === undefined || /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(id),
    { message: "the app's id in the tenant app catalog, a GUID" },
  ),
  SEND_RATE_PER_SECOND: z.coerce
    .number({ message: 'a number of messages per second, greater than 0' })
    .positive({ message: 'a number of messages per second, greater than 0' })
    .default(50),
  URL_SIGNING_SECRET: optionalText.refine((s) => s === undefined || s.length >= 32, {
    message: 'at least 32 characters',
  }),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      message: 'one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
});

export interface GraphCredentials {
  /** One tenant's id; in the configuration, `organizations` for every tenant's own (multi-tenant). */
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

export interface AppConfig {
  bot: {
    appId?: string;
    appPassword?: string;
    tenantId?: string;
    appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  };
  /** True when no bot app id is configured: only loopback callers are served. */
  localMode: boolean;
  port: number;
  publicUrl: string;
  dataDir: string;
  mongodbUrl?: string;
  adminEmails: string[];
  /** Operator accounts, `channel:userId` (the Bot Framework channel id, then the channel's user id). */
  adminIds: string[];
  defaultTimeZone: string;
  graph?: GraphCredentials;
  /** Where Graph and its tokens are (global, US Government, China). */
  graphCloud: GraphCloud;
  /** The bot's Teams app in the tenant catalog: set, recipients get the app installed for them. */
  teamsAppCatalogId?: string;
  sendRatePerSecond: number;
  urlSigningSecret?: string;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Variables whose value is never echoed, even when refused. */
const SECRET_VARIABLES = new Set([
  'MicrosoftAppPassword',
  'GRAPH_CLIENT_SECRET',
  'URL_SIGNING_SECRET',
]);
const SHOWN_VALUE_MAX = 80;

/**
 * A refused value as the error line may show it: secrets not at all, credentials in a URL
 * (`scheme://user:password@host`) masked however malformed the URL, and never more than a
 * short excerpt.
 */
export function shownValue(variable: string, raw: string | undefined): string {
  if (raw === undefined || raw === '') return 'nothing';
  if (SECRET_VARIABLES.has(variable)) return `a value of ${[...raw].length} characters, not shown`;
  const masked = maskUrlCredentials(raw);
  const excerpt = masked.length > SHOWN_VALUE_MAX ? `${masked.slice(0, SHOWN_VALUE_MAX)}…` : masked;
  return `"${excerpt}"`;
}

/** Parses the environment; throws ConfigError naming the first bad variable and what is accepted. */
export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  const result = schema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'configuration');
    throw new ConfigError(
      `Invalid ${variable}: expected ${issue.message} (got ${shownValue(variable, env[variable])})`,
    );
  }
  const c = result.data;
  const graphParts = [c.GRAPH_TENANT_ID, c.GRAPH_CLIENT_ID, c.GRAPH_CLIENT_SECRET];
  const graphSet = graphParts.filter((p) => p !== undefined).length;
  if (graphSet !== 0 && graphSet !== 3) {
    throw new ConfigError(
      'Invalid GRAPH_TENANT_ID/GRAPH_CLIENT_ID/GRAPH_CLIENT_SECRET: expected all three or none',
    );
  }
  const graphCloud = cloudOf(c.GRAPH_ENDPOINT, c.AUTHORITY_HOST);
  if (graphCloud === undefined) {
    throw new ConfigError(
      `Invalid GRAPH_ENDPOINT/AUTHORITY_HOST: expected a Graph endpoint and a login host of the same cloud (got ${c.GRAPH_ENDPOINT} with ${c.AUTHORITY_HOST})`,
    );
  }
  if (c.TEAMS_APP_CATALOG_ID && graphSet !== 3) {
    throw new ConfigError(
      'Invalid TEAMS_APP_CATALOG_ID: expected GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET too (installing the app goes through Microsoft Graph)',
    );
  }
  if (c.MicrosoftAppId && !c.MicrosoftAppPassword && c.MicrosoftAppType !== 'UserAssignedMSI') {
    throw new ConfigError(
      'Invalid MicrosoftAppPassword: expected the bot app secret when MicrosoftAppId is set',
    );
  }
  return {
    bot: {
      appId: c.MicrosoftAppId,
      appPassword: c.MicrosoftAppPassword,
      tenantId: c.MicrosoftAppTenantId,
      appType: c.MicrosoftAppType,
    },
    localMode: c.MicrosoftAppId === undefined,
    port: c.PORT,
    publicUrl: c.PUBLIC_URL ?? `http://localhost:${c.PORT}`,
    dataDir: c.DATA_DIR,
    mongodbUrl: c.MONGODB_URL,
    adminEmails: c.ADMIN_EMAILS,
    adminIds: c.ADMIN_IDS,
    defaultTimeZone: c.DEFAULT_TIMEZONE,
    graph:
      graphSet === 3
        ? {
            tenantId: c.GRAPH_TENANT_ID!,
            clientId: c.GRAPH_CLIENT_ID!,
            clientSecret: c.GRAPH_CLIENT_SECRET!,
          }
        : undefined,
    graphCloud,
    teamsAppCatalogId: c.TEAMS_APP_CATALOG_ID?.toLowerCase(),
    sendRatePerSecond: c.SEND_RATE_PER_SECOND,
    urlSigningSecret: c.URL_SIGNING_SECRET,
    logLevel: c.LOG_LEVEL,
  };
}
