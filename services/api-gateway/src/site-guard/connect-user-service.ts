import type { ApiKeyVerifier } from '@kirogate/contracts';
import type { Cache, PubSub } from '@kirogate/platform';
import type { RequestHandler } from 'express';
import { CachedApiKeyVerifier } from '../auth/cached-api-key-verifier.ts';
import { SiteGuard } from './site-guard.ts';
import { siteGuardMiddleware } from './site-guard-middleware.ts';
import { subscribeKeyRevocations } from './subscribe-key-revocations.ts';

export interface UserServiceConnectionOptions {
  platform: { cache: Cache; pubsub: PubSub };
  /** user-service's VerifyApiKey: in-process (standalone) or `GrpcApiKeyVerifier` (scaled). */
  verifier: ApiKeyVerifier;
  /** PROXY_API_KEY from the environment; an admin-set key overrides it. */
  envProxyApiKey: string | undefined;
  /** Known keys are re-checked this often even without a revocation message; default 60 s. */
  keyTtlMs?: number;
  onError?: (error: unknown) => void;
}

export interface UserServiceConnection {
  /** For `GatewayPorts.verifier`: cached, emptied by user-service's revocation messages. */
  verifier: CachedApiKeyVerifier;
  /** For `GatewayDeps.proxyKeyHash`. */
  proxyKeyHash: () => string | undefined;
  /** Mount first on the gateway app: blacklist and site switch. */
  middleware: RequestHandler;
  guard: SiteGuard;
  close(): Promise<void>;
}

/**
 * Everything the gateway takes from user-service apart from the routes: the cached key verifier wired
 * to revocations, the site guard and the runtime proxy key. One call per gateway process.
 */
export async function connectUserService(
  options: UserServiceConnectionOptions,
): Promise<UserServiceConnection> {
  const verifier = new CachedApiKeyVerifier(options.verifier, {
    ttlMs: options.keyTtlMs ?? 60_000,
    negativeTtlMs: 5_000,
    maxEntries: 10_000,
    maxNegativeEntries: 10_000,
  });
  const unsubscribe = await subscribeKeyRevocations(options.platform.pubsub, verifier, options.onError);
  const guard = new SiteGuard({
    cache: options.platform.cache,
    pubsub: options.platform.pubsub,
    envProxyApiKey: options.envProxyApiKey,
    ...(options.onError ? { onError: options.onError } : {}),
  });
  await guard.start();
  return {
    verifier,
    proxyKeyHash: () => guard.proxyKeyHash(),
    middleware: siteGuardMiddleware(guard),
    guard,
    async close() {
      await unsubscribe();
      await guard.stop();
    },
  };
}
