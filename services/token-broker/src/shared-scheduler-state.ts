import type { Cache } from '@kirogate/platform';
import { type CredentialHealth, emptyHealth } from './cooldown-policy.ts';

/** How long leaked state survives a replica that died holding it. */
const IN_FLIGHT_TTL_MS = 3_600_000;
const HEALTH_TTL_MS = 7 * 24 * 3_600_000;
const AFFINITY_TTL_MS = 3_600_000;
const POOL_VERSION_KEY = 'broker:pool-version';

/**
 * Scheduler state every broker replica sees: in-flight counts (atomic counters), health and cooldowns,
 * and session affinity, all in the shared cache (Redis when scaled). Nothing here is process-local,
 * so a lease taken on one replica and reported on another is accounted once.
 */
export class SharedSchedulerState {
  readonly #cache: Cache;
  readonly #visitorCache: Cache;

  /** Affinity entries, one per conversation, go to `visitorCache`, so callers cannot evict the rest. */
  constructor(cache: Cache, visitorCache: Cache = cache) {
    this.#cache = cache;
    this.#visitorCache = visitorCache;
  }

  /**
   * Health and in-flight counts of many credentials in one round trip, plus any other keys the caller
   * wants read in the same trip (the broker's sealed access tokens), by id.
   */
  async snapshot(
    ids: readonly string[],
    extraKey?: (id: string) => string,
  ): Promise<Map<string, { health: CredentialHealth; inFlight: number; extra: unknown }>> {
    const stride = extraKey ? 3 : 2;
    const keys = ids.flatMap((id) =>
      extraKey ? [healthKey(id), inFlightKey(id), extraKey(id)] : [healthKey(id), inFlightKey(id)],
    );
    const values = await this.#cache.getMany<unknown>(keys);
    const result = new Map<string, { health: CredentialHealth; inFlight: number; extra: unknown }>();
    ids.forEach((id, index) => {
      const health = values[index * stride] as CredentialHealth | undefined;
      const inFlight = values[index * stride + 1] as number | undefined;
      const extra = extraKey ? values[index * stride + 2] : undefined;
      result.set(id, { health: health ?? emptyHealth(), inFlight: Math.max(0, inFlight ?? 0), extra });
    });
    return result;
  }

  async health(id: string): Promise<CredentialHealth> {
    return (await this.#cache.get<CredentialHealth>(healthKey(id))) ?? emptyHealth();
  }

  /**
   * Read-modify-write of one credential's health. Two replicas updating the same credential at once
   * may lose a counter increment; cooldowns only ever move later (`max`), so none is lost.
   */
  async updateHealth(
    id: string,
    update: (health: CredentialHealth) => CredentialHealth,
  ): Promise<CredentialHealth> {
    const next = update(await this.health(id));
    await this.#cache.set(healthKey(id), next, HEALTH_TTL_MS);
    return next;
  }

  async clearHealth(id: string): Promise<void> {
    await this.#cache.delete(healthKey(id));
  }

  addInFlight(id: string, n: number): Promise<number> {
    return this.#cache.incrBy(inFlightKey(id), n, IN_FLIGHT_TTL_MS);
  }

  async poolVersion(): Promise<number> {
    return (await this.#cache.get<number>(POOL_VERSION_KEY)) ?? 0;
  }

  async bumpPoolVersion(): Promise<void> {
    await this.#cache.incrBy(POOL_VERSION_KEY, 1);
  }

  async affinity(sessionKey: string): Promise<string | undefined> {
    return this.#visitorCache.get<string>(affinityKey(sessionKey));
  }

  async setAffinity(sessionKey: string, credentialId: string): Promise<void> {
    await this.#visitorCache.set(affinityKey(sessionKey), credentialId, AFFINITY_TTL_MS);
  }
}

function healthKey(id: string): string {
  return `broker:health:${id}`;
}
function inFlightKey(id: string): string {
  return `broker:inflight:${id}`;
}
function affinityKey(sessionKey: string): string {
  return `broker:affinity:${sessionKey}`;
}
