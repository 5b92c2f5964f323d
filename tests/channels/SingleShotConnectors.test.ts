import assert from 'node:assert/strict';
import { createBotAuthentication } from '../../src/channels/botAuthentication.js';
import { SingleShotConnectors } from '../../src/channels/SingleShotConnectors.js';

const EMEA = 'https://smba.trafficmanager.net/emea/';
const AMER = 'https://smba.trafficmanager.net/amer/';
const APAC = 'https://smba.trafficmanager.net/apac/';

function connectors(maxClients?: number): SingleShotConnectors {
  return new SingleShotConnectors(
    createBotAuthentication({ appType: 'MultiTenant' }),
    '',
    maxClients,
  );
}

describe('SingleShotConnectors', () => {
  it('builds one client per serviceUrl and reuses it', async () => {
    const clients = connectors();

    const emea = await clients.clientFor(EMEA);

    assert.equal(await clients.clientFor(EMEA), emea);
    assert.notEqual(await clients.clientFor(AMER), emea);
  });

  it('keeps at most maxClients, dropping the least recently used', async () => {
    const clients = connectors(2);
    const emea = await clients.clientFor(EMEA);
    const amer = await clients.clientFor(AMER);
    await clients.clientFor(EMEA);

    await clients.clientFor(APAC);

    assert.equal(await clients.clientFor(EMEA), emea);
    assert.notEqual(await clients.clientFor(AMER), amer, 'AMER should have been rebuilt');
  });
});
