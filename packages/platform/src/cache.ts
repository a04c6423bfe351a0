/**
 * A shared key-value cache of JSON values. Callers own the shape of what they read back: `get<T>` is
 * a cast, so validate anything that crosses a trust boundary.
 */
export interface Cache {
  get<T>(key: string): Promise<T | undefined>;
  /** One read for many keys, in order; missing or expired entries are undefined. */
  getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]>;
  set(key: string, value: unknown, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Atomically adds `n` (negative to subtract) to an integer, starting from 0, and returns the new
   * value. With `ttlMs` the counter expires that long after its last change; without, it keeps any
   * expiry it had. The value reads back through `get<number>`.
   */
  incrBy(key: string, n: number, ttlMs?: number): Promise<number>;
}
