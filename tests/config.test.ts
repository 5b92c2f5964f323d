import assert from 'node:assert/strict';
import { ConfigError, parseConfig } from '../src/config.js';

describe('parseConfig', () => {
  it('runs with no configuration at all: local mode, SQLite under ./data, port 3978', () => {
    const config = parseConfig({});
    assert.equal(config.localMode, true);
    assert.equal(config.port, 3978);
    assert.equal(config.dataDir, './data');
    assert.equal(config.mongodbUrl, undefined);
    assert.equal(config.publicUrl, 'http://localhost:3978');
    assert.equal(config.graph, undefined);
    assert.equal(config.sendRatePerSecond, 50);
    assert.equal(config.defaultTimeZone, 'UTC');
    assert.deepEqual(config.adminIds, []);
  });

  it('takes a MongoDB URL whose credentials are percent-encoded', () => {
    const url =
      'mongodb://ops%40contoso:P4ss%40w0rd%2Fx@db.example.com:27017/pushbot?authSource=admin';
    assert.equal(parseConfig({ MONGODB_URL: url }).mongodbUrl, url);
    assert.equal(
      parseConfig({ MONGODB_URL: 'mongodb://db.example.com/pushbot' }).mongodbUrl,
      'mongodb://db.example.com/pushbot',
    );
  });

  it('reads ADMIN_IDS as channel:userId entries, keeping the colons of the user id', () => {
    const config = parseConfig({ ADMIN_IDS: 'Skype:live:ops-desk, msteams:29:1a2b;emulator:u-1' });
    assert.deepEqual(config.adminIds, ['skype:live:ops-desk', 'msteams:29:1a2b', 'emulator:u-1']);
  });

  it('reads the admins, the public URL and the Graph credentials', () => {
    const config = parseConfig({
      ADMIN_EMAILS: 'Ada@Contoso.com; grace@contoso.com',
      PUBLIC_URL: 'https://bot.contoso.com/',
      GRAPH_TENANT_ID: 't',
      GRAPH_CLIENT_ID: 'c',
      GRAPH_CLIENT_SECRET: 's',
      MicrosoftAppId: 'app',
      MicrosoftAppPassword: 'pw',
    });
    assert.deepEqual(config.adminEmails, ['ada@contoso.com', 'grace@contoso.com']);
    assert.equal(config.publicUrl, 'https://bot.contoso.com');
    assert.deepEqual(config.graph, { tenantId: 't', clientId: 'c', clientSecret: 's' });
    assert.equal(config.localMode, false);
  });

  it("takes GRAPH_TENANT_ID=organizations for each tenant's own directory, and refuses common", () => {
    const multi = parseConfig({
      GRAPH_TENANT_ID: 'organizations',
      GRAPH_CLIENT_ID: 'c',
      GRAPH_CLIENT_SECRET: 's',
    });
    assert.equal(multi.graph?.tenantId, 'organizations');
    assert.throws(
      () =>
        parseConfig({ GRAPH_TENANT_ID: 'common', GRAPH_CLIENT_ID: 'c', GRAPH_CLIENT_SECRET: 's' }),
      /^ConfigError: Invalid GRAPH_TENANT_ID: expected the tenant's directory id \(a GUID\), or organizations for each tenant's own directory \(got "common"\)$/,
    );
  });

  it('finds the cloud from the Graph endpoint or the login host, global by default', () => {
    assert.equal(parseConfig({}).graphCloud.graphEndpoint, 'https://graph.microsoft.com');
    const usGov = parseConfig({ GRAPH_ENDPOINT: 'https://graph.microsoft.us/' }).graphCloud;
    assert.deepEqual(
      [usGov.graphEndpoint, usGov.authorityHost],
      ['https://graph.microsoft.us', 'https://login.microsoftonline.us'],
    );
    const china = parseConfig({ AUTHORITY_HOST: 'https://login.chinacloudapi.cn' }).graphCloud;
    assert.equal(china.graphEndpoint, 'https://microsoftgraph.chinacloudapi.cn');
    const config = parseConfig({
      GRAPH_TENANT_ID: 't',
      GRAPH_CLIENT_ID: 'c',
      GRAPH_CLIENT_SECRET: 's',
      TEAMS_APP_CATALOG_ID: 'F1E2D3C4-B5A6-4978-8695-A4B3C2D1E0F9',
    });
    assert.equal(config.teamsAppCatalogId, 'f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9');
  });

  const refusals: Array<[Record<string, string>, RegExp]> = [
    [{ PORT: 'abc' }, /^Invalid PORT: expected a port number from 1 to 65535 \(got "abc"\)$/],
    [{ PORT: '70000' }, /^Invalid PORT:/],
    [{ DEFAULT_TIMEZONE: 'Paris' }, /^Invalid DEFAULT_TIMEZONE: expected an IANA time zone/],
    [
      { ADMIN_EMAILS: 'ada@contoso.com, nobody' },
      /^Invalid ADMIN_EMAILS: expected a comma-separated/,
    ],
    [
      { ADMIN_IDS: 'ops-desk' },
      /^Invalid ADMIN_IDS: expected a comma-separated list of channel:userId/,
    ],
    [{ MONGODB_URL: 'postgres://db' }, /^Invalid MONGODB_URL: expected a mongodb:\/\//],
    [{ PUBLIC_URL: 'bot.contoso.com' }, /^Invalid PUBLIC_URL: expected an absolute http\(s\) URL/],
    [{ SEND_RATE_PER_SECOND: '0' }, /^Invalid SEND_RATE_PER_SECOND:/],
    [
      { URL_SIGNING_SECRET: 'short' },
      /^Invalid URL_SIGNING_SECRET: expected at least 32 characters/,
    ],
    [
      { GRAPH_CLIENT_ID: 'c' },
      /^Invalid GRAPH_TENANT_ID\/GRAPH_CLIENT_ID\/GRAPH_CLIENT_SECRET: expected all three or none$/,
    ],
    [{ MicrosoftAppId: 'app' }, /^Invalid MicrosoftAppPassword:/],
    [{ LOG_LEVEL: 'loud' }, /^Invalid LOG_LEVEL: expected one of fatal/],
    [
      { GRAPH_ENDPOINT: 'https://graph.example.com' },
      /^Invalid GRAPH_ENDPOINT: expected one of https:\/\/graph\.microsoft\.com, https:\/\/graph\.microsoft\.us, /,
    ],
    [
      { AUTHORITY_HOST: 'http://login.microsoftonline.com' },
      /^Invalid AUTHORITY_HOST: expected one of/,
    ],
    [
      {
        GRAPH_ENDPOINT: 'https://microsoftgraph.chinacloudapi.cn',
        AUTHORITY_HOST: 'https://login.microsoftonline.com',
      },
      /^Invalid GRAPH_ENDPOINT\/AUTHORITY_HOST: expected a Graph endpoint and a login host of the same cloud/,
    ],
    [
      { TEAMS_APP_CATALOG_ID: 'my-app' },
      /^Invalid TEAMS_APP_CATALOG_ID: expected the app's id in the tenant app catalog, a GUID/,
    ],
    [
      { TEAMS_APP_CATALOG_ID: 'F1E2D3C4-B5A6-4978-8695-A4B3C2D1E0F9' },
      /^Invalid TEAMS_APP_CATALOG_ID: expected GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET too/,
    ],
  ];
  for (const [env, message] of refusals) {
    it(`refuses ${JSON.stringify(env)} naming the variable and what is accepted`, () => {
      assert.throws(
        () => parseConfig(env),
        (error: unknown) => error instanceof ConfigError && message.test(error.message),
      );
    });
  }

  const hidden: Array<[Record<string, string>, string, RegExp]> = [
    [
      { MONGODB_URL: 'postgresql://admin:hunter2@db/x' },
      'hunter2',
      /^Invalid MONGODB_URL: expected a mongodb:\/\/ or mongodb\+srv:\/\/ connection string \(got "postgresql:\/\/\*\*\*@db\/x"\)$/,
    ],
    [{ URL_SIGNING_SECRET: 'hunter2' }, 'hunter2', /\(got a value of 7 characters, not shown\)$/],
    [{ PUBLIC_URL: 'ftp://ops:hunter2@files.contoso.com' }, 'hunter2', /got "ftp:\/\/\*\*\*@files/],
    // A password with an unencoded @: refused before the driver reads a piece of it as a host.
    [
      { MONGODB_URL: 'mongodb://admin:P4ss@w0rd-Secret@db.example.com:27017/pushbot' },
      'w0rd-Secret',
      /^Invalid MONGODB_URL: expected a user name and password written percent-encoded \(@ as %40.*\(got "mongodb:\/\/\*\*\*@db\.example\.com:27017\/pushbot"\)$/,
    ],
    [
      { MONGODB_URL: 'mongodb://admin:P4ss@w0rd-Secret@db.example.com:27017/pushbot' },
      'P4ss',
      /^Invalid MONGODB_URL:/,
    ],
    // A scheme typo and a / in the password: the mask used to stop at the first /.
    [
      { MONGODB_URL: 'mongdb://admin:hunter2/x@db.example.com/pushbot' },
      'hunter2',
      /^Invalid MONGODB_URL: expected a mongodb:\/\/ .*\(got "mongdb:\/\/\*\*\*@db\.example\.com\/pushbot"\)$/,
    ],
    [{ MONGODB_URL: 'mongodb:/admin:hunter2/x@db/pushbot' }, 'hunter2', /got "mongodb:\/\*\*\*@db/],
    [{ MONGODB_URL: 'mongodb://admin:hunter2/x@db/pushbot' }, 'hunter2', /percent-encoded/],
    [{ DEFAULT_TIMEZONE: 'x'.repeat(30_000) }, 'x'.repeat(81), /got "x{80}…"\)$/],
  ];
  for (const [env, secret, message] of hidden) {
    it(`never echoes a secret or a long value: ${Object.keys(env)[0]}`, () => {
      assert.throws(
        () => parseConfig(env),
        (error: unknown) =>
          error instanceof ConfigError &&
          message.test(error.message) &&
          !error.message.includes(secret),
      );
    });
  }
});
