import type { Caller } from '@kirogate/contracts';
import type { CredentialHealth } from './cooldown-policy.ts';
import type { CredentialRecord } from './credential-record.ts';

export interface PickInput {
  caller: Caller;
  records: CredentialRecord[];
  exclude: ReadonlySet<string>;
  pinnedId: string | undefined;
  now: number;
  health: (id: string) => CredentialHealth;
  inFlight: (id: string) => number;
  maxInFlight: number;
  /** Self-use mode: the public pool is closed; users are served by their own tokens only. */
  selfUse?: boolean;
  random?: () => number;
}

/**
 * Chooses a credential: the caller's own private credentials first, then the server's, then the public
 * pool (not in self-use mode, where a donated token serves its donor only). Within a tier, a pinned conversation keeps its credential while it is healthy; otherwise the
 * choice is weighted by score so load spreads instead of one credential taking all traffic.
 */
export function pickCredential(input: PickInput): CredentialRecord | undefined {
  const serving = input.records.filter(
    (record) => isServing(record, input.now) && input.health(record.id).coolingUntil <= input.now,
  );
  const underCap = serving.filter((record) => input.inFlight(record.id) < input.maxInFlight);
  // The cap spreads load; it is no reason to refuse. When every credential is at it, the least loaded
  // take the request (Kiro throttles if it must) instead of the caller getting a 503.
  const usable = underCap.length > 0 ? underCap : leastLoaded(serving, input);
  for (const tier of tiersFor(input.caller, usable, input.selfUse === true)) {
    if (tier.length === 0) continue;
    // Strict: the gateway excludes what just failed this request. When nothing else is left it retries
    // transient failures on the lease it still holds, and reports credential-bound ones to the caller.
    const pool = tier.filter((record) => !input.exclude.has(record.id));
    if (pool.length === 0) continue;
    const pinned = pool.find((record) => record.id === input.pinnedId);
    if (pinned) return pinned;
    return weightedChoice(pool, (record) => score(record, input), input.random ?? Math.random);
  }
  return undefined;
}

function leastLoaded(records: CredentialRecord[], input: PickInput): CredentialRecord[] {
  const lowest = Math.min(...records.map((record) => input.inFlight(record.id)));
  return records.filter((record) => input.inFlight(record.id) === lowest);
}

/** Active, or out of quota with a reset date that has passed (the quota came back on its own). */
export function isServing(record: CredentialRecord, now: number): boolean {
  if (record.status === 'active') return true;
  return (
    record.status === 'quota_exhausted' &&
    record.statusUntil !== undefined &&
    record.statusUntil.getTime() <= now
  );
}

function tiersFor(caller: Caller, usable: CredentialRecord[], selfUse: boolean): CredentialRecord[][] {
  const publicPool = selfUse
    ? []
    : usable.filter((record) => record.source === 'donated' && record.visibility === 'public');
  const server = usable.filter((record) => record.source === 'server');
  if (caller.kind === 'user') {
    const own = usable.filter((record) => record.ownerUserId === caller.userId);
    return [own, publicPool];
  }
  return [server, publicPool];
}

/** 0..100: success rate, free capacity and speed, so healthier and idler credentials win more often. */
export function score(record: CredentialRecord, input: PickInput): number {
  const health = input.health(record.id);
  const total = health.successes + health.failures;
  const successRate = total === 0 ? 1 : health.successes / total;
  const capacity = Math.max(0, 1 - input.inFlight(record.id) / input.maxInFlight);
  const speed = health.latencyMs === 0 ? 1 : Math.min(1, 2_000 / health.latencyMs);
  return 1 + successRate * 60 + capacity * 30 + speed * 10;
}

function weightedChoice<T>(items: T[], weight: (item: T) => number, random: () => number): T | undefined {
  const weights = items.map(weight);
  const total = weights.reduce((sum, w) => sum + w, 0);
  let point = random() * total;
  for (let i = 0; i < items.length; i++) {
    point -= weights[i] ?? 0;
    if (point <= 0) return items[i];
  }
  return items.at(-1);
}
