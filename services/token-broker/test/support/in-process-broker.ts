import type { Lease, LeaseOutcome, OutcomeKind } from '@kirogate/contracts';
import { createDatabase, createKeyring, type Database, deriveEncryptionKey } from '@kirogate/db';
import { AppError } from '@kirogate/errors';
import { createKiroClient, type KiroClient, kiroEndpoints } from '@kirogate/kiro';
import type { KiroSim } from '@kirogate/kiro-sim';
import { createPlatform, type Platform } from '@kirogate/platform';
import { type CredentialRecord, createTokenBrokerCore, type TokenBrokerCore } from '../../src/index.ts';
import type { SharedServices } from './test-env.ts';

export interface InProcessBroker {
  core: TokenBrokerCore;
  kiro: KiroClient;
  platform: Platform;
  /** Calls Kiro with the lease the way the gateway does and classifies the answer as an outcome. */
  use(lease: Lease, content?: string): Promise<LeaseOutcome>;
  close(): Promise<void>;
}

export function serverRecord(refreshToken: string, label: string): CredentialRecord {
  return {
    id: `server-${label}`,
    source: 'server',
    authKind: 'social',
    refreshToken,
    region: 'us-east-1',
    visibility: 'private',
    status: 'active',
  };
}

/** A broker replica in this process, on the shared Postgres and Redis, against the simulator. */
export async function inProcessBroker(
  services: SharedServices,
  sim: KiroSim,
  records: CredentialRecord[],
): Promise<InProcessBroker> {
  const platform: Platform = createPlatform({
    redisUrl: services.redis.url,
    keyPrefix: services.redis.keyPrefix,
    commandTimeoutMs: 10_000,
  });
  await platform.ping();
  const database: Database = await createDatabase({
    databaseUrl: services.postgres.url,
    dataDir: '/nonexistent',
  });
  const kiro = createKiroClient({
    endpoints: kiroEndpoints({ region: 'us-east-1', apiUrl: sim.url, authUrl: sim.url, oidcUrl: sim.url }),
  });
  const core = await createTokenBrokerCore({
    platform,
    kiro,
    db: database.db,
    keyring: createKeyring(deriveEncryptionKey(services.encryptKey)),
    serverCredentials: { records, persist: async () => undefined, sources: [] },
    region: 'us-east-1',
    refreshMarginMs: 600_000,
    maxInFlightPerCredential: 16,
  });
  return {
    core,
    kiro,
    platform,
    async use(lease, content = 'hello') {
      try {
        const body = await kiro.generateAssistantResponse(
          {
            conversationState: {
              chatTriggerType: 'MANUAL',
              currentMessage: { userInputMessage: { content } },
            },
          },
          {
            accessToken: lease.accessToken,
            authKind: lease.authKind,
            machineId: lease.machineId,
            ...(lease.profileArn ? { profileArn: lease.profileArn } : {}),
          },
        );
        for await (const _chunk of body) {
          // drain
        }
        return { kind: 'success', latencyMs: 1 };
      } catch (error) {
        const outcome: LeaseOutcome = { kind: outcomeKindOf(error), latencyMs: 1 };
        const retryAfter = error instanceof AppError ? error.details.retryAfterSeconds : undefined;
        if (retryAfter !== undefined) outcome.retryAfterSeconds = retryAfter;
        return outcome;
      }
    },
    async close() {
      await kiro.close();
      await platform.close();
      await database.close();
    },
  };
}

function outcomeKindOf(error: unknown): OutcomeKind {
  const code = error instanceof AppError ? error.code : 'UPSTREAM_ERROR';
  switch (code) {
    case 'UPSTREAM_THROTTLED':
      return 'throttled';
    case 'UPSTREAM_AUTH':
      return 'unauthorized';
    case 'UPSTREAM_QUOTA_EXHAUSTED':
      return 'quota-exhausted';
    case 'UPSTREAM_SUSPENDED':
      return 'suspended';
    case 'UPSTREAM_BAD_REQUEST':
      return 'bad-request';
    default:
      return 'upstream-error';
  }
}
