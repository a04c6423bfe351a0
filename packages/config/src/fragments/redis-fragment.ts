import { z } from 'zod';
import { secret } from '../secret.ts';

/** Redis when `REDIS_URL` is set; otherwise in-process locks, caches, rate limits and queues. */
export const redisFragment = {
  REDIS_URL: secret(
    z
      .string()
      .regex(/^rediss?:\/\//, { error: 'expected a redis:// or rediss:// URL' })
      .optional(),
  ),
  /**
   * Namespace of every Redis key, channel and queue (the platform adds the `:`). All services of one
   * deployment share it: the gateway reads what user-service publishes and enqueues what the worker reads.
   */
  REDIS_KEY_PREFIX: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'expected 1-64 letters, digits, _ or -' })
    .default('kg'),
};
