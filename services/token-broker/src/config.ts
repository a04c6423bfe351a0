import {
  checkInternalAuth,
  envInt,
  envSecondsAsMs,
  grpcFragment,
  kiroFragment,
  observabilityFragment,
  postgresFragment,
  redisFragment,
  secretsFragment,
} from '@kirogate/config';
import { z } from 'zod';

/** The token broker's settings. */
export const brokerConfigSchema = z
  .object({
    ...observabilityFragment,
    ...grpcFragment,
    ...postgresFragment,
    ...redisFragment,
    ...secretsFragment,
    ...kiroFragment,
    SERVICE_NAME: z.string().trim().min(1).default('token-broker'),
    /** Refresh an access token when it expires within this many seconds (the Python KiroGate's name). */
    TOKEN_REFRESH_THRESHOLD: envSecondsAsMs(600),
    /** Concurrent requests one credential may carry before the broker prefers another. */
    MAX_IN_FLIGHT_PER_CREDENTIAL: envInt(16, { min: 1, max: 1000 }),
    /**
     * Bound on each Redis command of a lease. Generous on purpose: ioredis times a command from the
     * event loop, so a loop held up by a GC or a CPU-starved pod would fail a lease whose answer had
     * already arrived; the gRPC deadline (GRPC_DEADLINE_MS) still bounds the whole lease.
     */
    REDIS_COMMAND_TIMEOUT_MS: envInt(2_000, { min: 10, max: 60_000 }),
    /**
     * A credential taken out as invalid during requests (Kiro's 403 after a fresh refresh) is checked
     * again this long after (the worker's variable of the same name and meaning starts its re-checks).
     */
    TOKEN_RECHECK_BASE_DELAY: envSecondsAsMs(60),
    /** Time running calls get to finish after SIGTERM. */
    SHUTDOWN_TIMEOUT_MS: envInt(10_000, { min: 0 }),
    /** Rotated refresh tokens are journaled here (sealed) until the database has them; default DATA_DIR/token-journal. */
    TOKEN_JOURNAL_DIR: z.string().trim().min(1).optional(),
    /** Test hook for the crash test: `kill-before-token-write` SIGKILLs the broker between journal and database. */
    FAULT_HOOK: z.enum(['none', 'kill-before-token-write']).default('none'),
  })
  .superRefine((config, ctx) => {
    checkInternalAuth(config, ctx, true);
    // Postgres is shared by replicas and outlives them: its secrets need a key every replica knows.
    if (config.DATABASE_URL && !config.TOKEN_ENCRYPT_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['TOKEN_ENCRYPT_KEY'],
        message: 'is required with DATABASE_URL (credentials are stored encrypted)',
      });
    }
    if (config.REDIS_URL && !config.DATABASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_URL'],
        message: 'is required with REDIS_URL: replicas must share the credentials (and rotated tokens)',
      });
    }
  });

export type BrokerConfig = z.infer<typeof brokerConfigSchema>;
