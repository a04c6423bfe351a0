/**
 * What user-service publishes in the shared cache and on pub/sub channels, and every gateway replica
 * reads: the site switch, self-use mode, the IP blacklist, the runtime proxy key, key revocations.
 */
export const siteStateCacheKey = 'site:state';
export const siteChangedChannel = 'site:changed';
export const keyRevocationChannel = 'api-keys:revoked';

/** The snapshot under `siteStateCacheKey`. */
export interface SiteStateSnapshot {
  siteEnabled: boolean;
  selfUseEnabled: boolean;
  /**
   * SHA-256 (hex) of the proxy key an admin set at runtime; null = the gateway's PROXY_API_KEY. The key
   * itself is stored and published nowhere: it is shown once, when it is set.
   */
  proxyApiKeyHash: string | null;
  blacklist: string[];
  publishedAt: string;
}

/** `{"keyHashes": [...]}` drops those keys from every gateway's cache; `{"all": true}` drops all. */
export type KeyRevocation = { keyHashes: string[] } | { all: true };
