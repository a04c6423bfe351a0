import { randomBytes } from 'node:crypto';
import { hashSecret } from '@kirogate/contracts';
import { apiKeys, credentials, type Db, users } from '@kirogate/db';
import type { UsageEvent } from '@kirogate/jobs';

export interface UsageFixture {
  readonly events: UsageEvent[];
  readonly keyIds: string[];
  readonly credentialIds: string[];
}

const models = ['claude-sonnet-4.5', 'claude-haiku-4.5', 'claude-opus-4.5'];
const errorClasses = ['throttled', 'upstream_error', 'invalid_request'];

/** A small deterministic generator, so a failure reproduces. */
function seeded(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * Users, API keys and credentials to account usage to, and `count` events spread over the previous
 * and the current hour (so scheduled roll-ups cover them) across models, keys, credentials and
 * outcomes, with some callers without key or credential.
 */
export async function createUsageFixture(db: Db, count: number, seed = 7): Promise<UsageFixture> {
  const [user] = await db
    .insert(users)
    .values({ username: `u-${randomBytes(4).toString('hex')}` })
    .returning({ id: users.id });
  if (!user) throw new Error('no user');
  const keys = await db
    .insert(apiKeys)
    .values(
      [0, 1, 2].map(() => {
        const key = `sk-${randomBytes(24).toString('hex')}`;
        return { userId: user.id, keyHash: hashSecret(key), keyPrefix: key.slice(0, 10) };
      }),
    )
    .returning({ id: apiKeys.id });
  const creds = await db
    .insert(credentials)
    .values(
      [0, 1].map(() => {
        const token = `aor${randomBytes(30).toString('hex')}`;
        return {
          source: 'server' as const,
          authKind: 'social' as const,
          refreshTokenEnc: 'kg1.test.not-a-real-envelope',
          keyId: 'test',
          tokenHash: hashSecret(token),
        };
      }),
    )
    .returning({ id: credentials.id });
  const keyIds = keys.map((key) => key.id);
  const credentialIds = creds.map((credential) => credential.id);

  const random = seeded(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const hourStart = Math.floor(Date.now() / 3_600_000) * 3_600_000;
  const from = hourStart - 3_600_000;
  const span = Date.now() - from;
  const events: UsageEvent[] = [];
  for (let index = 0; index < count; index += 1) {
    const roll = random();
    const status = roll < 0.85 ? 'success' : roll < 0.97 ? 'error' : 'aborted';
    const keyId = random() < 0.9 ? pick(keyIds) : null;
    const stream = random() < 0.7;
    events.push({
      requestId: `req-${seed}-${index}-${randomBytes(3).toString('hex')}`,
      correlationId: null,
      at: new Date(from + Math.floor(random() * span)).toISOString(),
      caller: keyId ? `user:${user.id}` : 'server',
      userId: keyId ? user.id : null,
      keyId,
      credentialId: random() < 0.95 ? pick(credentialIds) : null,
      model: pick(models),
      api: pick(['openai', 'anthropic', 'responses'] as const),
      stream,
      status,
      httpStatus: status === 'error' ? 502 : 200,
      errorClass: status === 'error' ? pick(errorClasses) : null,
      inputTokens: Math.floor(random() * 20_000),
      outputTokens: Math.floor(random() * 4_000),
      credits: Math.round(random() * 1e6) / 1e6,
      ttftMs: stream && status === 'success' ? Math.floor(random() * 3_000) : null,
      durationMs: Math.floor(random() * 60_000),
      attempts: 1 + Math.floor(random() * 2),
      ip: random() < 0.5 ? '203.0.113.7' : '2001:db8::1',
    });
  }
  return { events, keyIds, credentialIds };
}

/** percentile_cont as Postgres computes it: linear interpolation between the closest ranks. */
export function percentileCont(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = fraction * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] as number;
  const high = sorted[upper] as number;
  return low + (high - low) * (position - lower);
}

/** Polls `read` until `done` holds; the test's own timeout bounds the wait. */
export async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  everyMs = 100,
): Promise<T> {
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
