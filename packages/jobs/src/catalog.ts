import type { z } from 'zod';
import {
  credentialCheckSchema,
  credentialSweepSchema,
  modelsRefreshSchema,
  rollupSchema,
  secretsReencryptSchema,
  usageRetentionSchema,
} from './job-payloads.ts';
import { usageBatchSchema, usageEventSchema } from './usage-event.ts';

/**
 * Queues, one consumer each. `usage` is high-volume and batched; `credentials` talks to Kiro and runs
 * with low concurrency; `maintenance` holds the periodic database work.
 */
export const queueNames = {
  usage: 'usage',
  credentials: 'credentials',
  maintenance: 'maintenance',
} as const;

export type QueueName = (typeof queueNames)[keyof typeof queueNames];

export interface JobOptions {
  /** Runs in total, the first included. */
  readonly attempts: number;
  /** Pause before retry n is `backoffMs * 2^(n-1)`. */
  readonly backoffMs: number;
}

interface CatalogEntry {
  readonly queue: QueueName;
  /** The job name on the queue; unique across the catalog. */
  readonly name: string;
  readonly schema: z.ZodType;
  readonly options: JobOptions;
}

/**
 * Every job the system knows. Producers validate payloads against these schemas before enqueueing
 * (`enqueueJob`); processors receive parsed data (`parseJob`).
 */
export const jobCatalog = {
  /** One event per job: what gateways before the batched recorder sent; still consumed. */
  usage: {
    queue: queueNames.usage,
    name: 'usage.record',
    schema: usageEventSchema,
    options: { attempts: 5, backoffMs: 1000 },
  },
  /** What gateways send: the events they finished within a short window. */
  usageBatch: {
    queue: queueNames.usage,
    name: 'usage.batch',
    schema: usageBatchSchema,
    options: { attempts: 5, backoffMs: 1000 },
  },
  credentialCheck: {
    queue: queueNames.credentials,
    name: 'credential.check',
    schema: credentialCheckSchema,
    options: { attempts: 3, backoffMs: 5000 },
  },
  credentialSweep: {
    queue: queueNames.credentials,
    name: 'credential.sweep',
    schema: credentialSweepSchema,
    options: { attempts: 3, backoffMs: 10_000 },
  },
  rollupHourly: {
    queue: queueNames.maintenance,
    name: 'usage.rollup-hourly',
    schema: rollupSchema,
    options: { attempts: 3, backoffMs: 5000 },
  },
  rollupDaily: {
    queue: queueNames.maintenance,
    name: 'usage.rollup-daily',
    schema: rollupSchema,
    options: { attempts: 3, backoffMs: 5000 },
  },
  usageRetention: {
    queue: queueNames.maintenance,
    name: 'usage.retention',
    schema: usageRetentionSchema,
    options: { attempts: 3, backoffMs: 30_000 },
  },
  modelsRefresh: {
    queue: queueNames.maintenance,
    name: 'models.refresh',
    schema: modelsRefreshSchema,
    options: { attempts: 2, backoffMs: 30_000 },
  },
  /** No longer produced (token-broker re-seals secrets itself); kept so a leftover job still parses. */
  secretsReencrypt: {
    queue: queueNames.maintenance,
    name: 'secrets.reencrypt',
    schema: secretsReencryptSchema,
    options: { attempts: 3, backoffMs: 60_000 },
  },
} as const satisfies Record<string, CatalogEntry>;

export type JobKind = keyof typeof jobCatalog;
/** What a producer passes (defaults may be left out). */
export type JobInput<K extends JobKind> = z.input<(typeof jobCatalog)[K]['schema']>;
/** What a processor receives. */
export type JobData<K extends JobKind> = z.output<(typeof jobCatalog)[K]['schema']>;

/** The kinds consumed from `queue`. */
export type KindOf<Q extends QueueName> = {
  [K in JobKind]: (typeof jobCatalog)[K]['queue'] extends Q ? K : never;
}[JobKind];

export function kindsOf<Q extends QueueName>(queue: Q): KindOf<Q>[] {
  return (Object.keys(jobCatalog) as JobKind[]).filter(
    (kind) => jobCatalog[kind].queue === queue,
  ) as KindOf<Q>[];
}

export function kindByName(name: string): JobKind | undefined {
  return (Object.keys(jobCatalog) as JobKind[]).find((kind) => jobCatalog[kind].name === name);
}
