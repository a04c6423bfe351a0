export {
  type JobData,
  type JobInput,
  type JobKind,
  type JobOptions,
  jobCatalog,
  type KindOf,
  kindByName,
  kindsOf,
  type QueueName,
  queueNames,
} from './catalog.ts';
export { type EnqueueJobOptions, enqueueJob } from './enqueue-job.ts';
export { failedJobs, queueCounts } from './failed-jobs.ts';
export {
  type CredentialCheck,
  credentialCheckSchema,
  credentialSweepSchema,
  modelsRefreshSchema,
  type RollupRequest,
  rollupSchema,
  type UsageRetention,
  usageRetentionSchema,
} from './job-payloads.ts';
export { jobTrace, traceField, withJobTrace } from './job-trace.ts';
export { type ParsedJob, parseJob, UnknownJobError } from './parse-job.ts';
export { scheduleJob, unscheduleJob } from './schedule-job.ts';
export {
  type UsageBatch,
  type UsageEvent,
  usageBatchMaxEvents,
  usageBatchSchema,
  usageEventSchema,
} from './usage-event.ts';
