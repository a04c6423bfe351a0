import type { Job } from '@kirogate/platform';
import { type JobData, jobCatalog, type KindOf, kindByName, type QueueName } from './catalog.ts';

/** A job of `queue` with its payload parsed: a union discriminated by `kind`. */
export type ParsedJob<Q extends QueueName> = {
  [K in KindOf<Q>]: {
    readonly kind: K;
    readonly data: JobData<K>;
    readonly id: string;
    readonly attempt: number;
  };
}[KindOf<Q>];

export class UnknownJobError extends Error {
  override readonly name = 'UnknownJobError';
}

/**
 * Maps a job taken from `queue` to its catalog kind and parses its payload. Throws UnknownJobError for
 * a name that does not belong on the queue, and the ZodError for data that does not match the schema
 * (neither message contains the payload).
 */
export function parseJob<Q extends QueueName>(queue: Q, job: Job): ParsedJob<Q> {
  const kind = kindByName(job.name);
  if (kind === undefined || jobCatalog[kind].queue !== queue) {
    throw new UnknownJobError(`Job "${job.name}" does not belong on queue "${queue}"`);
  }
  const data: unknown = jobCatalog[kind].schema.parse(job.data);
  return { kind, data, id: job.id, attempt: job.attempt } as ParsedJob<Q>;
}
