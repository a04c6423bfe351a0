import {
  checkInternalAuth,
  envInt,
  envSecondsAsMs,
  grpcFragment,
  internalAuthFragment,
  observabilityFragment,
  postgresFragment,
  redisFragment,
} from '@kirogate/config';
import { z } from 'zod';

/** The worker's own settings; standalone spreads them into its schema. */
export const workerConfigFields = {
  /** Every credential is checked this often (Python KiroGate name and default: 3600 s). */
  TOKEN_HEALTH_CHECK_INTERVAL: envSecondsAsMs(3600),
  /** First re-check of a credential that failed; doubles per failure up to the health interval. */
  TOKEN_RECHECK_BASE_DELAY: envSecondsAsMs(60),
  /** Raw usage events older than this are deleted; roll-ups are kept. */
  USAGE_RETENTION_DAYS: envInt(90, { min: 1, max: 36_500 }),
  /** Rows deleted per statement by the retention job, so it never holds long locks. */
  USAGE_RETENTION_BATCH: envInt(5_000, { min: 100, max: 1_000_000 }),
  /** Usage jobs in flight; a batch can hold at most this many events. */
  USAGE_CONCURRENCY: envInt(1_000, { min: 1, max: 10_000 }),
  /** Flush a usage batch once it holds this many events… */
  USAGE_BATCH_SIZE: envInt(500, { min: 1, max: 10_000 }),
  /** …or this long after its first event arrived. */
  USAGE_BATCH_WAIT_MS: envInt(200, { min: 0, max: 60_000 }),
  /** Credential checks in flight; each one is a refresh and a quota call to Kiro. */
  CHECK_CONCURRENCY: envInt(2, { min: 1, max: 100 }),
  /** Pause between the checks a sweep enqueues, so a large pool does not hit Kiro at once. */
  CHECK_SPACING_MS: envInt(1_000, { min: 0, max: 600_000 }),
  /**
   * Events committed for hours before the previous one get their buckets recomputed once per window
   * of this length, after the window ends.
   */
  USAGE_LATE_ROLLUP_DELAY_MS: envInt(60_000, { min: 0, max: 3_600_000 }),
  /** Model list refresh period (the gateway's model cache TTL). */
  MODEL_CACHE_TTL: envSecondsAsMs(3600),
};

/** The scaled worker: its own settings plus the stores and the token-broker address. */
export const workerConfigSchema = z
  .object({
    ...workerConfigFields,
    ...postgresFragment,
    ...redisFragment,
    ...observabilityFragment,
    TOKEN_BROKER_URL: grpcFragment.TOKEN_BROKER_URL,
    GRPC_DEADLINE_MS: grpcFragment.GRPC_DEADLINE_MS,
    ...internalAuthFragment,
    SERVICE_NAME: z.string().trim().min(1).default('kirogate-worker'),
    /** Time the running usage batch and jobs get to finish after SIGTERM. */
    SHUTDOWN_TIMEOUT_MS: envInt(25_000, { min: 0 }),
  })
  .superRefine((config, ctx) => checkInternalAuth(config, ctx, Boolean(config.TOKEN_BROKER_URL)));

export type WorkerConfig = z.infer<typeof workerConfigSchema>;

/** What `startWorker` reads; standalone passes its own config, which includes these fields. */
export type WorkerSettings = z.infer<z.ZodObject<typeof workerConfigFields>>;
