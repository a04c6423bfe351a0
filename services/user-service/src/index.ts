export {
  keyRevocationChannel,
  type SiteStateSnapshot,
  siteChangedChannel,
  siteStateCacheKey,
} from '@kirogate/contracts';
export {
  type UserServiceConfig,
  type UserServiceSettings,
  userServiceConfigFields,
  userServiceConfigSchema,
} from './config.ts';
export { createUserService, type UserService, type UserServicePorts } from './create-user-service.ts';
export { importKirogate } from './import-kirogate/import-kirogate.ts';
export { LegacySecretError } from './import-kirogate/plan-import.ts';
export { KirogateFileError } from './import-kirogate/read-kirogate-database.ts';
export { ApiKeyStore, displayPrefix, generateApiKey } from './keys/api-key-store.ts';
export { loadOrCreateSessionSecret } from './sessions/load-or-create-session-secret.ts';
export { webNotFound } from './web/web-router.ts';
