export {
  keyRevocationChannel,
  type SiteStateSnapshot,
  siteChangedChannel,
  siteStateCacheKey,
} from '@kirogate/contracts';
export {
  connectUserService,
  type UserServiceConnection,
  type UserServiceConnectionOptions,
} from './connect-user-service.ts';
export { normalizeIp, SiteGuard, type SiteGuardOptions, type SiteView } from './site-guard.ts';
export { siteGuardMiddleware } from './site-guard-middleware.ts';
export { type KeyCacheInvalidator, subscribeKeyRevocations } from './subscribe-key-revocations.ts';
