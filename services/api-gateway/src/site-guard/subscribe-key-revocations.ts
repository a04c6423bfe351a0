import { keyRevocationChannel } from '@kirogate/contracts';
import type { PubSub } from '@kirogate/platform';

export interface KeyCacheInvalidator {
  /** Drops one key by hash, or every entry without one (CachedApiKeyVerifier.invalidate). */
  invalidate(keyHash?: string): void;
}

/**
 * Wires user-service's revocation announcements (key disabled or deleted, user banned, cache flush) to
 * this replica's key cache. Call once at start-up; resolves with the unsubscribe function once live.
 */
export function subscribeKeyRevocations(
  pubsub: PubSub,
  cache: KeyCacheInvalidator,
  onError?: (error: unknown) => void,
): Promise<() => Promise<void>> {
  return pubsub.subscribe(keyRevocationChannel, (message) => {
    try {
      const parsed = JSON.parse(message) as { keyHashes?: unknown; all?: unknown };
      if (parsed.all === true) {
        cache.invalidate();
        return;
      }
      if (Array.isArray(parsed.keyHashes)) {
        for (const hash of parsed.keyHashes) if (typeof hash === 'string') cache.invalidate(hash);
        return;
      }
    } catch (error) {
      onError?.(error);
    }
    // Anything unreadable: forget everything rather than keep a possibly revoked key.
    cache.invalidate();
  });
}
