import type { CredentialAdmin } from '@kirogate/contracts';
import type { Db, Keyring } from '@kirogate/db';
import { type KiroClient, machineIdFor } from '@kirogate/kiro';
import type { Cache, Locker } from '@kirogate/platform';
import { AccessTokenSealer } from './access-token-sealer.ts';
import type { CooldownPolicy } from './cooldown-policy.ts';
import { CredentialPoolAdmin } from './credential-pool-admin.ts';
import type { CredentialStore } from './credential-store.ts';
import { DrizzleCredentialStore } from './drizzle-credential-store.ts';
import { JournaledCredentialStore } from './journaled-credential-store.ts';
import { MemoryCredentialStore } from './memory-credential-store.ts';
import { SelfUseMode } from './self-use-mode.ts';
import type { ServerCredentials } from './server-credentials.ts';
import { TokenBroker, type TokenBrokerEvents } from './token-broker.ts';

export interface TokenBrokerCoreOptions {
  /** `kind: 'memory'` means nothing leaves this process, so cached access tokens are not sealed. */
  platform: { locker: Locker; cache: Cache; visitorCache?: Cache; kind?: 'redis' | 'memory' };
  kiro: Pick<KiroClient, 'refreshAccessToken' | 'getUsageLimits'>;
  /**
   * Postgres (migrated). With it, server credentials are imported into the `credentials`
   * table (rotated tokens survive restarts and are shared by replicas) and donations are possible.
   * Without it, server credentials live in memory (one process) and there is no admin.
   */
  db?: Db;
  /** Encrypts stored secrets and the shared access-token cache; replicas must share it. */
  keyring?: Keyring;
  /** Whether the keyring came from TOKEN_ENCRYPT_KEY (or the standalone key): donations allowed. */
  acceptsDonations?: boolean;
  serverCredentials: ServerCredentials;
  region: string;
  profileArn?: string;
  refreshMarginMs: number;
  maxInFlightPerCredential: number;
  cooldown?: CooldownPolicy;
  events?: TokenBrokerEvents;
  onStatusChange?: (credentialId: string, status: string, reason: string) => void;
  onBackgroundError?: (error: unknown, context: string) => void;
  /**
   * Where rotated refresh tokens are journaled (sealed) before the database write, and replayed from
   * at start; with a database only. Unset = no journal.
   */
  tokenJournal?: { dir: string; beforeStoreWrite?: () => void };
}

export interface TokenBrokerCore {
  broker: TokenBroker;
  /** Undefined without a database. */
  admin: CredentialAdmin | undefined;
  store: CredentialStore;
  /** The Postgres store, for metrics that read it directly. */
  drizzleStore: DrizzleCredentialStore | undefined;
  poolStatus: TokenBroker['poolStatus'];
}

/**
 * The token broker with its credential sources, as the gRPC server and the standalone entry both
 * build it: the scheduler, the store (Postgres or memory) and the admin.
 */
export async function createTokenBrokerCore(options: TokenBrokerCoreOptions): Promise<TokenBrokerCore> {
  const { db, keyring, kiro } = options;
  if (db && !keyring) throw new Error('createTokenBrokerCore: a database needs a keyring for its secrets');
  const sealer =
    options.platform.kind !== 'memory' && keyring
      ? new AccessTokenSealer(keyring)
      : AccessTokenSealer.ephemeral();
  let store: CredentialStore;
  let drizzleStore: DrizzleCredentialStore | undefined;
  if (db && keyring) {
    drizzleStore = new DrizzleCredentialStore({
      db,
      keyring,
      onQuarantine: (id, reason) => options.onStatusChange?.(id, 'disabled', reason),
      onResealError: (error) =>
        options.onBackgroundError?.(error, 're-sealing credential secrets with the current key'),
    });
    await syncServerCredentials(drizzleStore, options.serverCredentials);
    store = drizzleStore;
    if (options.tokenJournal) {
      const journaled = new JournaledCredentialStore(drizzleStore, {
        dir: options.tokenJournal.dir,
        keyring,
        onError: (error, id) =>
          options.onBackgroundError?.(error, `saving the rotated refresh token of ${id}`),
        ...(options.tokenJournal.beforeStoreWrite
          ? { beforeStoreWrite: options.tokenJournal.beforeStoreWrite }
          : {}),
      });
      await journaled.replay();
      store = journaled;
    }
  } else {
    store = new MemoryCredentialStore(options.serverCredentials.records, options.serverCredentials.persist);
  }
  const selfUse = new SelfUseMode(options.platform.cache);
  const broker = new TokenBroker({
    store,
    refresh: (credential) => kiro.refreshAccessToken(credential),
    locker: options.platform.locker,
    cache: options.platform.cache,
    ...(options.platform.visitorCache ? { visitorCache: options.platform.visitorCache } : {}),
    sealer,
    refreshMarginMs: options.refreshMarginMs,
    ownTokenDefaults: {
      region: options.region,
      ...(options.profileArn ? { profileArn: options.profileArn } : {}),
    },
    maxInFlightPerCredential: options.maxInFlightPerCredential,
    selfUse: () => selfUse.enabled(),
    ...(options.cooldown ? { cooldown: options.cooldown } : {}),
    ...(options.events ? { events: options.events } : {}),
    ...(options.onStatusChange ? { onStatusChange: options.onStatusChange } : {}),
    ...(options.onBackgroundError ? { onBackgroundError: options.onBackgroundError } : {}),
    quotaResetFor: async (credential, accessToken) => {
      if (!accessToken) return undefined;
      const limits = await kiro.getUsageLimits({
        accessToken,
        authKind: credential.authKind,
        machineId: machineIdFor(credential),
        ...(credential.authKind === 'social' && credential.profileArn
          ? { profileArn: credential.profileArn }
          : {}),
      });
      return limits.nextDateReset;
    },
  });
  const admin = drizzleStore
    ? new CredentialPoolAdmin({
        store: drizzleStore,
        broker,
        kiro,
        acceptsDonations: options.acceptsDonations ?? true,
        defaultRegion: options.region,
      })
    : undefined;
  return { broker, admin, store, drizzleStore, poolStatus: () => broker.poolStatus() };
}

const notConfigured = 'no longer configured (REFRESH_TOKEN / KIRO_CREDS_FILE)';

/**
 * Imports the configured server credentials, and takes out of rotation the server credentials an
 * operator removed from the configuration (a leaked token must stop being used when it is removed);
 * configured again, they come back.
 */
async function syncServerCredentials(
  store: DrizzleCredentialStore,
  server: ServerCredentials,
): Promise<void> {
  const configured = new Set<string>();
  for (const record of server.records) {
    configured.add(await store.importServerCredential(record, record.refreshToken));
  }
  for (const record of await store.list()) {
    if (record.source !== 'server') continue;
    if (!configured.has(record.id) && record.status === 'active') {
      await store.setStatus(record.id, 'disabled', notConfigured);
    } else if (
      configured.has(record.id) &&
      record.status === 'disabled' &&
      record.statusReason === notConfigured
    ) {
      await store.setStatus(record.id, 'active');
    }
  }
}
