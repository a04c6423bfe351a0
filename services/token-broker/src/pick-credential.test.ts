import { type Caller, noLimits } from '@kirogate/contracts';
import { describe, expect, it } from 'vitest';
import { type CredentialHealth, emptyHealth } from './cooldown-policy.ts';
import type { CredentialRecord } from './credential-record.ts';
import { isServing, type PickInput, pickCredential } from './pick-credential.ts';

function record(id: string, fields: Partial<CredentialRecord> = {}): CredentialRecord {
  return {
    id,
    source: 'server',
    authKind: 'social',
    refreshToken: `aor-${id}`,
    region: 'us-east-1',
    visibility: 'private',
    status: 'active',
    ...fields,
  };
}

const server: Caller = { kind: 'server' };
const user: Caller = {
  kind: 'user',
  userId: 'u1',
  keyId: 'k',
  status: 'active',
  limits: { user: noLimits, key: noLimits },
};

function input(records: CredentialRecord[], overrides: Partial<PickInput> = {}): PickInput {
  return {
    caller: server,
    records,
    exclude: new Set(),
    pinnedId: undefined,
    now: 1_000,
    health: () => emptyHealth(),
    inFlight: () => 0,
    maxInFlight: 4,
    random: () => 0.5,
    ...overrides,
  };
}

describe('pickCredential', () => {
  it('skips credentials that are cooling down, full, excluded or out of service', () => {
    const records = [
      record('cooling'),
      record('full'),
      record('excluded'),
      record('invalid', { status: 'invalid' }),
      record('suspended', { status: 'suspended' }),
      record('ok'),
    ];
    const health = (id: string): CredentialHealth => ({
      ...emptyHealth(),
      coolingUntil: id === 'cooling' ? 2_000 : 0,
    });
    const picked = pickCredential(
      input(records, {
        health,
        inFlight: (id) => (id === 'full' ? 4 : 0),
        exclude: new Set(['excluded']),
      }),
    );
    expect(picked?.id).toBe('ok');
  });

  it('still serves when every credential is at its in-flight cap: the least loaded one', () => {
    const records = [record('busier'), record('busy')];
    const picked = pickCredential(input(records, { inFlight: (id) => (id === 'busier' ? 9 : 5) }));
    expect(picked?.id).toBe('busy');
  });

  it('returns nothing rather than an excluded credential', () => {
    expect(pickCredential(input([record('only')], { exclude: new Set(['only']) }))).toBeUndefined();
  });

  it('keeps a pinned conversation on its credential while it is usable', () => {
    const records = [record('a'), record('b'), record('c')];
    expect(pickCredential(input(records, { pinnedId: 'c', random: () => 0 }))?.id).toBe('c');
    const cooling = (id: string) => ({ ...emptyHealth(), coolingUntil: id === 'c' ? 5_000 : 0 });
    expect(pickCredential(input(records, { pinnedId: 'c', health: cooling }))?.id).not.toBe('c');
  });

  it('serves a user from their own credentials first, then the public pool, never others’ private ones', () => {
    const own = record('own', { source: 'donated', ownerUserId: 'u1' });
    const foreign = record('foreign', { source: 'donated', ownerUserId: 'u2' });
    const pub = record('public', { source: 'donated', ownerUserId: 'u3', visibility: 'public' });
    const serverOne = record('server');
    expect(pickCredential(input([foreign, pub, own, serverOne], { caller: user }))?.id).toBe('own');
    expect(pickCredential(input([foreign, pub, serverOne], { caller: user }))?.id).toBe('public');
    expect(pickCredential(input([foreign, serverOne], { caller: user }))).toBeUndefined();
    expect(pickCredential(input([pub, serverOne]))?.id).toBe('server');
    expect(pickCredential(input([pub, foreign]))?.id).toBe('public');
  });

  it('in self-use mode closes the public pool: a public token serves its donor only', () => {
    const own = record('own', { source: 'donated', ownerUserId: 'u1', visibility: 'public' });
    const pub = record('public', { source: 'donated', ownerUserId: 'u3', visibility: 'public' });
    const serverOne = record('server');
    const selfUse = { selfUse: true };
    expect(pickCredential(input([pub, own], { caller: user, ...selfUse }))?.id).toBe('own');
    expect(pickCredential(input([pub, serverOne], { caller: user, ...selfUse }))).toBeUndefined();
    expect(pickCredential(input([pub, serverOne], selfUse))?.id).toBe('server');
    expect(pickCredential(input([pub], selfUse))).toBeUndefined();
    expect(pickCredential(input([pub], { caller: { ...user, userId: 'u3' }, ...selfUse }))?.id).toBe(
      'public',
    );
  });

  it('weights the choice towards healthy, idle credentials', () => {
    const records = [record('busy'), record('idle')];
    const counts = { busy: 0, idle: 0 };
    for (let i = 0; i < 100; i++) {
      const picked = pickCredential(
        input(records, {
          random: () => i / 100,
          inFlight: (id) => (id === 'busy' ? 3 : 0),
          health: (id) => ({
            ...emptyHealth(),
            successes: id === 'busy' ? 1 : 10,
            failures: id === 'busy' ? 9 : 0,
          }),
        }),
      );
      counts[picked!.id as 'busy' | 'idle'] += 1;
    }
    expect(counts.idle).toBeGreaterThan(counts.busy * 2);
    expect(counts.busy).toBeGreaterThan(0);
  });
});

describe('isServing', () => {
  it('brings an exhausted quota back once its reset date has passed', () => {
    const exhausted = record('q', { status: 'quota_exhausted', statusUntil: new Date(5_000) });
    expect(isServing(exhausted, 4_999)).toBe(false);
    expect(isServing(exhausted, 5_000)).toBe(true);
    expect(isServing(record('n', { status: 'quota_exhausted' }), 10_000)).toBe(false);
    expect(isServing(record('d', { status: 'disabled' }), 10_000)).toBe(false);
  });
});
