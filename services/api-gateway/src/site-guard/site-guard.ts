import {
  hashSecret,
  type SiteStateSnapshot,
  siteChangedChannel,
  siteStateCacheKey,
} from '@kirogate/contracts';
import type { Cache, PubSub } from '@kirogate/platform';

export interface SiteGuardOptions {
  cache: Cache;
  pubsub: PubSub;
  /** PROXY_API_KEY from the environment; an admin-set key overrides it. */
  envProxyApiKey: string | undefined;
  /** How long a read of the shared state is reused in-process; default 1 s. */
  ttlMs?: number;
  onError?: (error: unknown) => void;
}

export interface SiteView {
  siteEnabled: boolean;
  selfUseEnabled: boolean;
  isBlacklisted(ip: string | null | undefined): boolean;
}

const openView: SiteView = { siteEnabled: true, selfUseEnabled: false, isBlacklisted: () => false };

/**
 * The site switch, self-use mode, IP blacklist and runtime proxy key as user-service published them,
 * cached in-process for a second (and dropped at once on a `site:changed` message), so the hot path
 * costs one Redis read per second per replica. Without a snapshot, or while Redis is unreachable, the
 * last known state applies (open when there never was one): the guard must not take the site down.
 */
export class SiteGuard {
  readonly #options: SiteGuardOptions;
  readonly #ttlMs: number;
  #view: SiteView = openView;
  #proxyKeyHash: string | null = null;
  readonly #envProxyKeyHash: string | undefined;
  #fetchedAt = Number.NEGATIVE_INFINITY;
  #pending: Promise<SiteView> | undefined;
  #unsubscribe: (() => Promise<void>) | undefined;

  constructor(options: SiteGuardOptions) {
    this.#options = options;
    this.#ttlMs = options.ttlMs ?? 1_000;
    this.#envProxyKeyHash =
      options.envProxyApiKey === undefined ? undefined : hashSecret(options.envProxyApiKey);
  }

  /** Subscribes to change announcements and loads the first snapshot. */
  async start(): Promise<void> {
    this.#unsubscribe = await this.#options.pubsub.subscribe(siteChangedChannel, () => {
      this.#fetchedAt = Number.NEGATIVE_INFINITY;
    });
    await this.view();
  }

  async stop(): Promise<void> {
    await this.#unsubscribe?.();
  }

  /** The current state, at most `ttlMs` old. */
  view(): Promise<SiteView> {
    if (performance.now() - this.#fetchedAt < this.#ttlMs) return Promise.resolve(this.#view);
    this.#pending ??= this.#refresh().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  /**
   * For `GatewayDeps.proxyKeyHash` (synchronous): SHA-256 of the last known proxy key, the admin's or
   * else PROXY_API_KEY's; refreshes in the background.
   */
  proxyKeyHash(): string | undefined {
    if (performance.now() - this.#fetchedAt >= this.#ttlMs) void this.view();
    return this.#proxyKeyHash ?? this.#envProxyKeyHash;
  }

  async #refresh(): Promise<SiteView> {
    try {
      const snapshot = await this.#options.cache.get<SiteStateSnapshot>(siteStateCacheKey);
      if (snapshot) {
        const blacklist = new Set(snapshot.blacklist.map(normalizeIp));
        this.#view = {
          siteEnabled: snapshot.siteEnabled !== false,
          selfUseEnabled: snapshot.selfUseEnabled === true,
          isBlacklisted: (ip) => (ip ? blacklist.has(normalizeIp(ip)) : false),
        };
        this.#proxyKeyHash = typeof snapshot.proxyApiKeyHash === 'string' ? snapshot.proxyApiKeyHash : null;
      }
      this.#fetchedAt = performance.now();
    } catch (error) {
      this.#options.onError?.(error);
      // Keep the last known state; try again on the next request after the ttl.
      this.#fetchedAt = performance.now();
    }
    return this.#view;
  }
}

/** `::ffff:1.2.3.4` and `1.2.3.4` are the same client. */
export function normalizeIp(ip: string): string {
  return ip
    .trim()
    .replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '')
    .toLowerCase();
}
