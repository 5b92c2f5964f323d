/**
 * Records every request to Microsoft Graph or its login host, whatever its method, and answers
 * 503: for tests that assert the code under test made none. Undo with `nock.cleanAll()`.
 */
import nock from 'nock';

const GRAPH_HOSTS = ['https://login.microsoftonline.com', 'https://graph.microsoft.com'];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export function recordGraphRequests(): string[] {
  const requests: string[] = [];
  for (const host of GRAPH_HOSTS) {
    for (const method of METHODS) {
      nock(host)
        .intercept(/.*/, method)
        .query(true)
        .reply((uri) => {
          requests.push(`${method} ${host}${uri}`);
          return [503, {}];
        })
        .persist();
    }
  }
  return requests;
}
