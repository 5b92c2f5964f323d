/**
 * `link <code>` against a real store of either kind, many Skype accounts at once: a code gets
 * at most five wrong tries before it locks, however the tries interleave with the slow hashing
 * of a right one, and one account's wrong codes do not lock the codes of other admins.
 */
import assert from 'node:assert/strict';
import { SkypePairing, type RedeemOutcome } from '../../src/identity/SkypePairing.js';
import type { PairingStore } from '../../src/application/ports/repositories.js';
import type { StoreKind } from '../../src/store/Store.js';
import type { OpenStore } from '../../src/store/openStore.js';
import { STORE_KINDS, freshStorage, type TestStorage } from '../support/testStorage.js';
import { MINUTE, T0, aUser } from '../store/fixtures.js';

const ANN = { email: 'ann@contoso.test', tenantId: 'tenant-a' };
const BOB = { email: 'bob@fabrikam.test', tenantId: 'tenant-b' };

/** A code that is not `code`. */
function otherThan(code: string, i = 0): string {
  const wrong = String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0');
  assert.notEqual(wrong, code);
  return wrong;
}

/**
 * The real store, except that `use` waits for `release()` once `userId` calls it: the right
 * code has been read and hashed, and other tries are counted before its atomic step runs.
 */
function holdingUseOf(store: PairingStore, userId: string) {
  let reached!: () => void;
  let release!: () => void;
  const reachedUse = new Promise<void>((resolve) => (reached = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const holding: PairingStore = {
    save: (code) => store.save(code),
    live: (now) => store.live(now),
    guesser: (id) => store.guesser(id),
    countFailure: (id, codeIds, now) => store.countFailure(id, codeIds, now),
    async use(id, by, now) {
      if (by === userId) {
        reached();
        await released;
      }
      return store.use(id, by, now);
    },
  };
  return { holding, reachedUse, release };
}

for (const kind of STORE_KINDS) describePairing(kind);

function describePairing(kind: StoreKind): void {
  describe(`SkypePairing on a real store (${kind})`, function () {
    let storage: TestStorage;
    let store: OpenStore;

    beforeEach(async function () {
      storage = await freshStorage(kind, this);
      store = await storage.open();
      for (let i = 0; i < 30; i += 1) await store.users.upsert(skypeUser(`guesser-${i}`));
      for (const name of ['ann', 'bob', 'eve']) await store.users.upsert(skypeUser(name));
    });

    afterEach(async function () {
      await store?.close();
      await storage?.remove();
    });

    function skypeUser(name: string) {
      const user = aUser({
        id: `skype:live:${name}`,
        channel: 'skype',
        botChannelId: 'skype',
        tenantId: 'default',
        name,
      });
      delete user.email;
      return user;
    }

    async function emailOf(name: string): Promise<string | undefined> {
      return (await store.users.get(`skype:live:${name}`))?.email;
    }

    it('refuses a right code as locked when five wrong ones were counted while it was being checked', async function () {
      const { holding, reachedUse, release } = holdingUseOf(store.pairing, 'skype:live:ann');
      const pairing = new SkypePairing(holding, store.users);
      const { code } = await pairing.issue(ANN, T0);

      const right = pairing.redeem('skype:live:ann', code, T0 + MINUTE);
      await reachedUse;
      const wrong = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          pairing.redeem(`skype:live:guesser-${i}`, otherThan(code, i), T0 + MINUTE),
        ),
      );
      release();

      assert.deepEqual(
        wrong.map((o) => o.kind),
        Array<string>(20).fill('wrong'),
      );
      assert.deepEqual(await right, { kind: 'codeLocked' });
      assert.equal(await emailOf('ann'), undefined, 'not linked');
    });

    it('does not link 24 concurrent tries from different accounts with the right code last', async function () {
      const pairing = new SkypePairing(store.pairing, store.users);
      const { code } = await pairing.issue(ANN, T0);

      const outcomes = await Promise.all([
        ...Array.from({ length: 23 }, (_, i) =>
          pairing.redeem(`skype:live:guesser-${i}`, otherThan(code, i), T0 + MINUTE),
        ),
        pairing.redeem('skype:live:ann', code, T0 + MINUTE),
      ]);

      assert.deepEqual(outcomes.at(-1), { kind: 'codeLocked' });
      assert.equal(outcomes.filter((o) => o.kind === 'wrong').length, 23);
      assert.equal(await emailOf('ann'), undefined, 'not linked');
    });

    it('links exactly once when the right code is among the first five tries, said by two accounts at once', async function () {
      const pairing = new SkypePairing(store.pairing, store.users);
      const { code } = await pairing.issue(ANN, T0);

      const first = await Promise.all([
        ...Array.from({ length: 3 }, (_, i) =>
          pairing.redeem(`skype:live:guesser-${i}`, otherThan(code, i), T0 + MINUTE),
        ),
        pairing.redeem('skype:live:ann', code, T0 + MINUTE),
        pairing.redeem('skype:live:eve', code, T0 + MINUTE),
      ]);
      const later = await Promise.all(
        Array.from({ length: 15 }, (_, i) =>
          pairing.redeem(`skype:live:guesser-${i + 3}`, otherThan(code, i), T0 + 2 * MINUTE),
        ),
      );

      const linked = [...first, ...later].filter((o) => o.kind === 'linked');
      assert.deepEqual(linked, [{ kind: 'linked', email: ANN.email }]);
      const linkedUsers = [await emailOf('ann'), await emailOf('eve')].filter(Boolean);
      assert.deepEqual(linkedUsers, [ANN.email], 'one account of the two got the e-mail');
    });

    it('lets one account say four wrong codes, then makes it wait 15 minutes; the codes of admins in other tenants still work', async function () {
      const pairing = new SkypePairing(store.pairing, store.users);
      const ann = await pairing.issue(ANN, T0);
      const bob = await pairing.issue(BOB, T0);
      const guess = [0, 1].map((i) => otherThan(ann.code, i)).find((g) => g !== bob.code)!;

      const outcomes: RedeemOutcome[] = [];
      for (let i = 0; i < 5; i += 1) {
        outcomes.push(await pairing.redeem('skype:live:guesser-0', guess, T0 + MINUTE + i));
      }
      assert.deepEqual(outcomes, [
        { kind: 'wrong', wrongCodesLeft: 3 },
        { kind: 'wrong', wrongCodesLeft: 2 },
        { kind: 'wrong', wrongCodesLeft: 1 },
        { kind: 'wrong', wrongCodesLeft: 0 },
        { kind: 'accountLocked', until: T0 + MINUTE + 3 + 15 * MINUTE },
      ]);
      assert.deepEqual(
        await pairing.redeem('skype:live:guesser-0', bob.code, T0 + 2 * MINUTE),
        { kind: 'accountLocked', until: T0 + MINUTE + 3 + 15 * MINUTE },
        'not even the right code while it waits',
      );

      assert.deepEqual(await pairing.redeem('skype:live:bob', bob.code, T0 + 3 * MINUTE), {
        kind: 'linked',
        email: BOB.email,
      });
      assert.deepEqual(await pairing.redeem('skype:live:ann', ann.code, T0 + 3 * MINUTE), {
        kind: 'linked',
        email: ANN.email,
      });
      assert.deepEqual(
        [await emailOf('bob'), await emailOf('ann'), await emailOf('guesser-0')],
        [BOB.email, ANN.email, undefined],
      );
    });
  });
}
