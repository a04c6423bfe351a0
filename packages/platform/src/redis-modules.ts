import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * ioredis and BullMQ, loaded on first use: only a deployment with REDIS_URL reaches them, so
 * `npm start` (in-process state) never holds their code (ADR 0004, "Footprint").
 */
export function ioredis(): typeof import('ioredis') {
  return require('ioredis') as typeof import('ioredis');
}

export function bullmq(): typeof import('bullmq') {
  return require('bullmq') as typeof import('bullmq');
}
