import type { PoolStatus } from '@kirogate/contracts';
import { describe, expect, it } from 'vitest';
import type { SiteMode } from '../web/web-deps.ts';
import { PublicStatus } from './public-status.ts';

const pool: PoolStatus = {
  total: 3,
  byStatus: { active: 2, invalid: 1, disabled: 0, suspended: 0, quota_exhausted: 0 },
  coolingDown: 1,
  inFlight: 4,
  publicCapacity: 8,
};

function setup(options: { pool?: () => Promise<PoolStatus>; models?: () => readonly string[] } = {}) {
  let now = Date.parse('2026-12-07T12:00:00Z');
  let mode: SiteMode = 'normal';
  let computations = 0;
  let usage = { requests: 200, errors: 3 };
  let since: Date | undefined;
  const status = new PublicStatus({
    requestsSince: async (from) => {
      computations++;
      since = from;
      return usage;
    },
    credentials: { poolStatus: options.pool ?? (async () => pool) },
    siteMode: async () => mode,
    version: '9.9.9',
    ...(options.models ? { models: options.models } : {}),
    ttlMs: 10_000,
    now: () => now,
  });
  return {
    status,
    advance: (ms: number) => {
      now += ms;
    },
    setMode: (next: SiteMode) => {
      mode = next;
    },
    setUsage: (next: typeof usage) => {
      usage = next;
    },
    computations: () => computations,
    since: () => since,
  };
}

describe('PublicStatus', () => {
  it('reports pool counts, mode, models and the last 24 hours, without publicCapacity', async () => {
    const { status, since } = setup({ models: () => ['claude-sonnet-4-5', 'auto'] });
    const body = await status.get();
    expect(body).toEqual({
      status: 'ok',
      site_mode: 'normal',
      version: '9.9.9',
      pool: { total: 3, active: 2, by_status: pool.byStatus, cooling_down: 1, in_flight: 4 },
      models: ['claude-sonnet-4-5', 'auto'],
      last_24h: { requests: 200, errors: 3, success_rate: 98.5 },
      checked_at: '2026-12-07T12:00:00.000Z',
    });
    expect(since()?.toISOString()).toBe('2026-12-06T12:00:00.000Z');
  });

  it('answers from one computation until the TTL is over, also to concurrent askers', async () => {
    const { status, computations, advance, setMode } = setup();
    const [first, second] = await Promise.all([status.get(), status.get()]);
    expect(second).toBe(first);
    setMode('maintenance');
    advance(9_999);
    expect((await status.get()).site_mode).toBe('normal');
    expect(computations()).toBe(1);
    advance(1);
    expect((await status.get()).site_mode).toBe('maintenance');
    expect(computations()).toBe(2);
  });

  it('is degraded without an active credential and unknown when the pool does not answer', async () => {
    const empty = setup({ pool: async () => ({ ...pool, byStatus: { ...pool.byStatus, active: 0 } }) });
    expect((await empty.status.get()).status).toBe('degraded');
    const down = setup({
      pool: async () => {
        throw new Error('token-broker unreachable');
      },
    });
    const body = await down.status.get();
    expect(body.status).toBe('unknown');
    expect(body.pool).toBeNull();
    expect(body.models).toBeNull();
  });

  it('gives no success rate without requests, and does not keep a failed computation', async () => {
    const { status, setUsage } = setup();
    setUsage({ requests: 0, errors: 0 });
    expect((await status.get()).last_24h.success_rate).toBeNull();

    let attempts = 0;
    const failing = new PublicStatus({
      requestsSince: async () => {
        attempts++;
        throw new Error('database down');
      },
      credentials: { poolStatus: async () => pool },
      siteMode: async () => 'normal',
      version: '1',
    });
    await expect(failing.get()).rejects.toThrow('database down');
    await expect(failing.get()).rejects.toThrow('database down');
    expect(attempts).toBe(2);
  });
});
