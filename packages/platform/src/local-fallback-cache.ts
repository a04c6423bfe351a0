import { isAppError } from '@kirogate/errors';
import type { Cache } from './cache.ts';
import { MemoryCache } from './memory-cache.ts';

export interface LocalFallbackCacheOptions {
  /** Entries this process remembers for use while the shared cache is unreachable. */
  maxEntries?: number;
  /**
   * How long a value read from the shared cache stays usable locally (its real expiry is not known
   * here); values this process wrote keep their own ttl. Default 10 minutes.
   */
  readTtlMs?: number;
  /** After a failure, the shared cache is left alone this long (no caller waits on a dead Redis). */
  retryAfterMs?: number;
  /** The shared cache became unreachable (once per outage). */
  onDegraded?: (error: unknown) => void;
  /** Writes made during an outage were replayed: how many keys. */
  onReconciled?: (keys: number) => void;
  /** The shared cache refused a replayed write for a reason other than unavailability; it is dropped. */
  onReplayError?: (error: unknown) => void;
  now?: () => number;
}

type PendingWrite = { kind: 'set'; value: unknown; expiresAt: number } | { kind: 'delete' };

/**
 * A shared cache (Redis) that degrades to this process's own memory while it is unreachable, and
 * reconciles afterwards. Every value read or written passes through a local mirror; when the shared
 * cache fails with DEPENDENCY_UNAVAILABLE, reads answer from the mirror and writes go to it and are
 * remembered: on the first success after the outage the last write of each key is replayed and
 * counter increments are added to the shared counters (so in-flight counts end where they would
 * have). During the outage replicas do not see each other's writes; that is the price of serving.
 * Other errors (a bug, a wrong type) are not hidden.
 */
export class LocalFallbackCache implements Cache {
  readonly #primary: Cache;
  readonly #mirror: MemoryCache;
  readonly #readTtlMs: number;
  readonly #retryAfterMs: number;
  readonly #options: LocalFallbackCacheOptions;
  readonly #now: () => number;
  readonly #writes = new Map<string, PendingWrite>();
  readonly #increments = new Map<string, { n: number; ttlMs: number | undefined }>();
  #downUntil = Number.NEGATIVE_INFINITY;
  #degraded = false;
  #reconciling: Promise<void> | undefined;

  constructor(primary: Cache, options: LocalFallbackCacheOptions = {}) {
    this.#primary = primary;
    this.#options = options;
    this.#mirror = new MemoryCache({ maxEntries: options.maxEntries ?? 10_000 });
    this.#readTtlMs = options.readTtlMs ?? 600_000;
    this.#retryAfterMs = options.retryAfterMs ?? 1_000;
    this.#now = options.now ?? Date.now;
  }

  /** True while writes made during an outage wait to be replayed. */
  get pending(): number {
    return this.#writes.size + this.#increments.size;
  }

  async get<T>(key: string): Promise<T | undefined> {
    const [value] = await this.getMany<T>([key]);
    return value;
  }

  async getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]> {
    const values = await this.#shared(() => this.#primary.getMany<T>(keys));
    if (values === unavailable) return this.#mirror.getMany<T>(keys);
    await Promise.all(
      keys.map((key, index) =>
        values[index] === undefined
          ? this.#mirror.delete(key)
          : this.#mirror.set(key, values[index], this.#readTtlMs),
      ),
    );
    return values;
  }

  async set(key: string, value: unknown, ttlMs: number): Promise<void> {
    await this.#mirror.set(key, value, ttlMs);
    const done = await this.#shared(() => this.#primary.set(key, value, ttlMs));
    if (done !== unavailable) {
      this.#forget(key);
      return;
    }
    this.#increments.delete(key);
    this.#writes.set(key, { kind: 'set', value, expiresAt: this.#now() + ttlMs });
  }

  async delete(key: string): Promise<void> {
    await this.#mirror.delete(key);
    const done = await this.#shared(() => this.#primary.delete(key));
    if (done !== unavailable) {
      this.#forget(key);
      return;
    }
    this.#increments.delete(key);
    this.#writes.set(key, { kind: 'delete' });
  }

  async incrBy(key: string, n: number, ttlMs?: number): Promise<number> {
    const value = await this.#shared(() => this.#primary.incrBy(key, n, ttlMs));
    if (value !== unavailable) {
      await this.#mirror.set(key, value, ttlMs ?? this.#readTtlMs);
      return value;
    }
    const local = await this.#mirror.incrBy(key, n, ttlMs);
    const written = this.#writes.get(key);
    if (written) {
      // The key's whole value is replayed anyway: fold the increment into it.
      this.#writes.set(key, {
        kind: 'set',
        value: local,
        expiresAt: this.#now() + (ttlMs ?? this.#readTtlMs),
      });
    } else {
      const before = this.#increments.get(key);
      this.#increments.set(key, { n: (before?.n ?? 0) + n, ttlMs: ttlMs ?? before?.ttlMs });
    }
    return local;
  }

  /** A write that reached the shared cache is newer than any the outage left to replay. */
  #forget(key: string): void {
    this.#writes.delete(key);
    this.#increments.delete(key);
  }

  /** Replays what was written during an outage; resolves when done or when the shared cache fails again. */
  reconcile(): Promise<void> {
    this.#reconciling ??= this.#replay().finally(() => {
      this.#reconciling = undefined;
    });
    return this.#reconciling;
  }

  /** Runs a shared-cache call unless it is known to be down; `unavailable` instead of its failure. */
  async #shared<R>(call: () => Promise<R>): Promise<R | typeof unavailable> {
    if (this.#now() < this.#downUntil) return unavailable;
    try {
      const result = await call();
      if (this.#degraded || this.pending > 0) void this.reconcile();
      return result;
    } catch (error) {
      if (!isAppError(error) || error.code !== 'DEPENDENCY_UNAVAILABLE') throw error;
      this.#downUntil = this.#now() + this.#retryAfterMs;
      if (!this.#degraded) {
        this.#degraded = true;
        this.#options.onDegraded?.(error);
      }
      return unavailable;
    }
  }

  /**
   * Replays the outage's writes, then its increments. Stops at the first sign that the shared cache is
   * down again (what is left waits for the next success); a write the shared cache refuses for another
   * reason (a bug, a wrong type) is dropped and reported rather than retried forever.
   */
  async #replay(): Promise<void> {
    let replayed = 0;
    for (const [key, write] of [...this.#writes]) {
      // Written to the shared cache since (forgotten or replaced): the newer value stands.
      if (this.#writes.get(key) !== write) continue;
      const left = write.kind === 'set' ? write.expiresAt - this.#now() : 0;
      const sent = await this.#replayOne(() =>
        write.kind === 'set' && left > 0
          ? this.#primary.set(key, write.value, left)
          : this.#primary.delete(key),
      );
      if (sent === unavailable) return;
      // A newer outage write made meanwhile stays for the next round.
      if (this.#writes.get(key) === write) this.#writes.delete(key);
      replayed += 1;
    }
    for (const [key, increment] of [...this.#increments]) {
      // Out before it is sent: increments made meanwhile start a new entry.
      this.#increments.delete(key);
      const value = await this.#replayOne(() => this.#primary.incrBy(key, increment.n, increment.ttlMs));
      if (value === unavailable) {
        const newer = this.#increments.get(key);
        this.#increments.set(key, {
          n: increment.n + (newer?.n ?? 0),
          ttlMs: newer?.ttlMs ?? increment.ttlMs,
        });
        return;
      }
      if (value !== refused) await this.#mirror.set(key, value, increment.ttlMs ?? this.#readTtlMs);
      replayed += 1;
    }
    this.#degraded = false;
    if (replayed > 0) this.#options.onReconciled?.(replayed);
  }

  async #replayOne<R>(call: () => Promise<R>): Promise<R | typeof unavailable | typeof refused> {
    try {
      return await call();
    } catch (error) {
      if (isAppError(error) && error.code === 'DEPENDENCY_UNAVAILABLE') {
        this.#downUntil = this.#now() + this.#retryAfterMs;
        return unavailable;
      }
      this.#options.onReplayError?.(error);
      return refused;
    }
  }
}

const unavailable = Symbol('unavailable');
const refused = Symbol('refused');
