import assert from 'node:assert/strict';
import { directoryAccessFor } from '../../src/application/directoryAccess.js';

const GRAPH_TENANT = '11111111-2222-3333-4444-555555555555';

describe('directoryAccessFor', () => {
  it("lets only the Graph credentials' tenant use the directory, however its id is spelled", () => {
    const access = directoryAccessFor(GRAPH_TENANT);
    assert.equal(access.mayUse(GRAPH_TENANT), true);
    assert.equal(access.mayUse(` ${GRAPH_TENANT.toUpperCase()} `), true);
    assert.equal(access.mayUse('99999999-2222-3333-4444-555555555555'), false);
    assert.equal(access.mayUse('default'), false);
    assert.equal(access.mayUse(''), false);
  });

  it('lets every tenant use its own directory with GRAPH_TENANT_ID=organizations', () => {
    const access = directoryAccessFor('organizations');
    assert.equal(access.mayUse(GRAPH_TENANT), true);
    assert.equal(access.mayUse('99999999-2222-3333-4444-555555555555'), true);
    assert.equal(access.mayUse('fabrikam.onmicrosoft.com'), true);
    for (const notATenant of ['', 'default', 'organizations', '../common', 'a/b', 'x?y']) {
      assert.equal(access.mayUse(notATenant), false, notATenant);
    }
  });

  it('lets no tenant use it without Graph', () => {
    for (const graphTenant of [undefined, '', '  ']) {
      const access = directoryAccessFor(graphTenant);
      assert.equal(access.mayUse(''), false);
      assert.equal(access.mayUse('default'), false);
    }
  });
});
