import { isIP } from 'node:net';
import {
  hashSecret,
  type SiteStateSnapshot,
  siteChangedChannel,
  siteStateCacheKey,
} from '@kirogate/contracts';
import { type Db, ipBlacklist, settings } from '@kirogate/db';
import { AppError } from '@kirogate/errors';
import type { Cache, PubSub } from '@kirogate/platform';
import { asc, count, eq, inArray, sql } from 'drizzle-orm';
import { displayPrefix } from '../keys/api-key-store.ts';

export interface SiteFlags {
  siteEnabled: boolean;
  selfUseEnabled: boolean;
}

/** Kept long: user-service republishes from Postgres every minute, so a Redis flush heals by itself. */
const snapshotTtlMs = 30 * 24 * 3_600_000;

/**
 * Site switch, self-use mode, runtime proxy key and IP blacklist. Postgres is the source of truth;
 * every change (and a periodic refresh) writes the whole snapshot to the platform Cache and announces
 * it on pub/sub, where each gateway's SiteGuard picks it up.
 */
export class SiteSettings {
  readonly #db: Db;
  readonly #cache: Cache;
  readonly #pubsub: PubSub;

  constructor(db: Db, cache: Cache, pubsub: PubSub) {
    this.#db = db;
    this.#cache = cache;
    this.#pubsub = pubsub;
  }

  async flags(): Promise<SiteFlags> {
    return flagsOf(await this.#db.select().from(settings));
  }

  async setFlag(name: keyof SiteFlags, enabled: boolean): Promise<void> {
    await this.#put(name === 'siteEnabled' ? 'site_enabled' : 'self_use_enabled', enabled);
    await this.publish();
  }

  /**
   * The runtime proxy key as stored: its SHA-256 and display prefix, never the key. A plaintext value
   * left by an older version is replaced by its hash on first read.
   */
  async proxyApiKey(): Promise<StoredProxyKey | null> {
    const [row] = await this.#db.select().from(settings).where(eq(settings.key, 'proxy_api_key'));
    return this.#storedProxyKey(row?.value);
  }

  async #storedProxyKey(value: unknown): Promise<StoredProxyKey | null> {
    if (typeof value === 'string') {
      const stored = storedProxyKey(value);
      await this.#put('proxy_api_key', stored);
      return stored;
    }
    if (isStoredProxyKey(value)) return value;
    return null;
  }

  async setProxyApiKey(key: string): Promise<void> {
    await this.#put('proxy_api_key', storedProxyKey(key));
    await this.publish();
  }

  async blacklist(page: { offset: number; pageSize: number }) {
    const [rows, [total]] = await Promise.all([
      this.#db
        .select({
          ip: sql<string>`host(${ipBlacklist.ip})`,
          reason: ipBlacklist.reason,
          bannedAt: ipBlacklist.bannedAt,
        })
        .from(ipBlacklist)
        .orderBy(asc(ipBlacklist.bannedAt))
        .limit(page.pageSize)
        .offset(page.offset),
      this.#db.select({ n: count() }).from(ipBlacklist),
    ]);
    return { rows, total: total?.n ?? 0 };
  }

  /** Which of these addresses are blacklisted, in one query. */
  async bannedAmong(ips: readonly string[]): Promise<Set<string>> {
    if (ips.length === 0) return new Set();
    const rows = await this.#db
      .select({ ip: sql<string>`host(${ipBlacklist.ip})` })
      .from(ipBlacklist)
      .where(inArray(ipBlacklist.ip, [...new Set(ips)]));
    return new Set(rows.map((row) => row.ip));
  }

  async banIp(ip: string, reason: string): Promise<void> {
    const normalized = normalizeIp(ip);
    await this.#db
      .insert(ipBlacklist)
      .values({ ip: normalized, reason })
      .onConflictDoUpdate({ target: ipBlacklist.ip, set: { reason } });
    await this.publish();
  }

  async unbanIp(ip: string): Promise<boolean> {
    const removed = await this.#db
      .delete(ipBlacklist)
      .where(eq(ipBlacklist.ip, normalizeIp(ip)))
      .returning({ ip: ipBlacklist.ip });
    await this.publish();
    return removed.length > 0;
  }

  /** Writes the snapshot the gateways read and tells them to drop their copies. */
  async publish(): Promise<SiteStateSnapshot> {
    // One read of the settings for the flags and the key, then the blacklist: in parallel they took
    // three pooled connections, and on the embedded server each is a Postgres process of ~15 MB for as
    // long as it idles (a tick runs every minute).
    const rows = await this.#db.select().from(settings);
    const flags = flagsOf(rows);
    const proxyKey = await this.#storedProxyKey(rows.find((row) => row.key === 'proxy_api_key')?.value);
    const blacklist = await this.#db.select({ ip: sql<string>`host(${ipBlacklist.ip})` }).from(ipBlacklist);
    const snapshot: SiteStateSnapshot = {
      ...flags,
      proxyApiKeyHash: proxyKey?.sha256 ?? null,
      blacklist: blacklist.map((row) => row.ip),
      publishedAt: new Date().toISOString(),
    };
    await this.#cache.set(siteStateCacheKey, snapshot, snapshotTtlMs);
    await this.#pubsub.publish(siteChangedChannel, snapshot.publishedAt);
    return snapshot;
  }

  async #put(key: string, value: unknown): Promise<void> {
    await this.#db
      .insert(settings)
      .values({ key, value })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: new Date() } });
  }
}

/** Single addresses only; IPv4-mapped IPv6 is folded to IPv4, as the gateway compares it. */
export function normalizeIp(raw: string): string {
  const ip = raw.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  if (isIP(ip) === 0)
    throw new AppError('INVALID_REQUEST', 'ip must be an IPv4 or IPv6 address', { param: 'ip' });
  return ip.toLowerCase();
}

export interface StoredProxyKey {
  sha256: string;
  /** `kg-1234...abcd`, for the admin panel. */
  prefix: string;
}

function flagsOf(rows: ReadonlyArray<{ key: string; value: unknown }>): SiteFlags {
  const value = (key: string) => rows.find((row) => row.key === key)?.value;
  return {
    siteEnabled: value('site_enabled') !== false,
    selfUseEnabled: value('self_use_enabled') === true,
  };
}

function storedProxyKey(key: string): StoredProxyKey {
  return { sha256: hashSecret(key), prefix: displayPrefix(key) };
}

function isStoredProxyKey(value: unknown): value is StoredProxyKey {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as StoredProxyKey).sha256 === 'string' &&
    typeof (value as StoredProxyKey).prefix === 'string'
  );
}
