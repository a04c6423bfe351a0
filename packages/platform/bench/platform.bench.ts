import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createPlatform, type Platform } from '../src/index.ts';

const SEQUENTIAL = 3000;
const CONCURRENT_OPS = 30_000;
const CONCURRENCY = 64;

type Operation = (i: number) => Promise<unknown>;

function operations(platform: Platform): Record<string, Operation> {
  const rule = { limit: 1_000_000, windowMs: 10_000 };
  return {
    'cache.get (hit)': () => platform.cache.get('hot'),
    'cache.incrBy + ttl': () => platform.cache.incrBy('counter', 1, 10_000),
    'rateLimiter.hit': (i) => platform.rateLimiter.hit(`caller-${i % 100}`, rule),
    'locker.tryAcquire + release': async (i) => {
      const lock = await platform.locker.tryAcquire(`lock-${i % 100}`, { ttlMs: 10_000 });
      await lock?.release();
    },
  };
}

async function sequential(run: Operation): Promise<string> {
  for (let i = 0; i < 300; i++) await run(i);
  const samples: number[] = [];
  for (let i = 0; i < SEQUENTIAL; i++) {
    const start = performance.now();
    await run(i);
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => `${(samples[Math.floor(q * (samples.length - 1))]! * 1000).toFixed(0)} µs`;
  return `p50 ${at(0.5)} / p99 ${at(0.99)}`;
}

async function concurrent(run: Operation): Promise<string> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < CONCURRENT_OPS) await run(next++);
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  return `${(CONCURRENT_OPS / seconds / 1000).toFixed(1)} k ops/s @${CONCURRENCY}`;
}

async function bench(label: string, platform: Platform): Promise<void> {
  await platform.ping();
  await platform.cache.set('hot', { models: ['claude-sonnet-4.5'], at: Date.now() }, 60_000);
  for (const [name, run] of Object.entries(operations(platform))) {
    console.log(`${label} ${name}: ${await sequential(run)}, ${await concurrent(run)}`);
  }
  await platform.close();
}

const redisUrl = process.argv[2] ?? 'redis://127.0.0.1:6379';
const keyPrefix = `kg_bench_${randomBytes(4).toString('hex')}`;
console.log(`node ${process.version}; every Redis key written expires within 60 s`);
await bench('memory', createPlatform({ keyPrefix }));
await bench('redis ', createPlatform({ redisUrl, keyPrefix, commandTimeoutMs: 1000 }));
