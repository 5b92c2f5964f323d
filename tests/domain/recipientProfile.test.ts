import assert from 'node:assert/strict';
import { groupFunnel, type ValueFunnel } from '../../src/domain/groupedFunnel.js';
import { groupingAttribute, profileOf } from '../../src/domain/recipientProfile.js';

describe("a recipient's profile and the report's grouping", () => {
  it('keeps the department, country and office Graph gave, trimmed, and leaves blank ones out', () => {
    assert.deepEqual(
      profileOf({ department: ' Sales ', country: '', officeLocation: null as unknown as string }),
      { department: 'Sales' },
    );
    assert.deepEqual(profileOf({ department: 42 as unknown as string }), {});
  });

  it('groups by the first attribute of the audience rule when deliveries keep it, else by department', () => {
    assert.equal(groupingAttribute(), 'department');
    assert.equal(groupingAttribute(['country', 'department']), 'country');
    assert.equal(groupingAttribute(['officeLocation']), 'officeLocation');
    assert.equal(groupingAttribute(['jobTitle', 'country']), 'department');
  });

  it('folds one row per value into the largest groups, the rest and none, whatever order the rows come in', () => {
    const row = (value: string | null, audience: number): ValueFunnel => ({
      value,
      audience,
      sent: audience,
      read: 1,
      clicked: 0,
      acknowledged: 0,
    });
    const rows = [row('b', 2), row(null, 3), row('c', 2), row('a', 5), row('d', 1), row(null, 1)];
    assert.deepEqual(groupFunnel('department', rows, 2), {
      attribute: 'department',
      largest: [
        { value: 'a', audience: 5, sent: 5, read: 1, clicked: 0, acknowledged: 0 },
        { value: 'b', audience: 2, sent: 2, read: 1, clicked: 0, acknowledged: 0 },
      ],
      other: { values: 2, audience: 3, sent: 3, read: 2, clicked: 0, acknowledged: 0 },
      none: { audience: 4, sent: 4, read: 2, clicked: 0, acknowledged: 0 },
    });
    assert.deepEqual(groupFunnel('country', [row('a', 1)]), {
      attribute: 'country',
      largest: [{ value: 'a', audience: 1, sent: 1, read: 1, clicked: 0, acknowledged: 0 }],
    });
  });
});
