import { AppError } from '@kirogate/errors';
import type { Cache } from './cache.ts';

interface Entry {
  /** Serialised so readers get a copy, as they would from Redis. */
  readonly json: string;
  readonly expiresAt: number;
}

const defaultMaxEntries = 10_000;

/** A TTL-aware map that evicts the least recently used entry beyond `maxEntries`. */
export class MemoryCache implements Cache {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;

  constructor(options: { maxEntries?: number } = {}) {
    this.#maxEntries = options.maxEntries ?? defaultMaxEntries;
  }

  async get<T>(key: string): Promise<T | undefined> {
    return this.#read<T>(key);
  }

  async getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]> {
    return keys.map((key) => this.#read<T>(key));
  }

  async set(key: string, value: unknown, ttlMs: number): Promise<void> {
    this.#write(key, JSON.stringify(value), Date.now() + ttlMs);
  }

  async delete(key: string): Promise<void> {
    this.#entries.delete(key);
  }

  async incrBy(key: string, n: number, ttlMs?: number): Promise<number> {
    const entry = this.#live(key);
    const current = entry ? Number(JSON.parse(entry.json)) : 0;
    if (!Number.isSafeInteger(current) || !Number.isSafeInteger(n)) {
      throw new AppError('INTERNAL', `Cache key "${key}" cannot be incremented by ${n}`);
    }
    const next = current + n;
    const expiresAt =
      ttlMs === undefined ? (entry?.expiresAt ?? Number.POSITIVE_INFINITY) : Date.now() + ttlMs;
    this.#write(key, JSON.stringify(next), expiresAt);
    return next;
  }

  #read<T>(key: string): T | undefined {
    const entry = this.#live(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return JSON.parse(entry.json) as T;
  }

  #live(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry && entry.expiresAt <= Date.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  #write(key: string, json: string, expiresAt: number): void {
    this.#entries.delete(key);
    this.#entries.set(key, { json, expiresAt });
    if (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
  }
}
