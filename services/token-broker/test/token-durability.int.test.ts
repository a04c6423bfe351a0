import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type KiroSim, startKiroSim } from '@kirogate/kiro-sim';
import { describeWithServices } from '@kirogate/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type BrokerProcess, spawnBroker } from './support/broker-process.ts';
import { type SharedServices, sharedServices } from './support/test-env.ts';

const serverLease = { caller: { server: {} }, model: 'claude-sonnet-4.5', sessionKey: '', exclude: [] };

// One broker on Postgres with in-process locks: with Redis the dead broker's refresh lock would hold the
// restarted one for its 30 s TTL, which is correct but only slows the test down.
describeWithServices('a rotated refresh token under kill -9', { postgres: true, redis: true }, () => {
  let sim: KiroSim;
  let services: SharedServices;
  let journalDir: string;
  const brokers: BrokerProcess[] = [];
  const refreshToken = `aor${randomBytes(120).toString('base64url')}`;

  beforeAll(async () => {
    // Kiro revokes a refresh token once it rotated it: losing the new one loses the account.
    sim = await startKiroSim({ rotation: 'revoke-rotated' });
    services = await sharedServices();
    journalDir = mkdtempSync(join(tmpdir(), 'kg-token-journal-'));
  });
  afterAll(async () => {
    await Promise.all(brokers.map((broker) => broker.stop()));
    await sim?.close();
    await services?.cleanup();
    rmSync(journalDir, { recursive: true, force: true });
  });

  const env = (extra: Record<string, string> = {}) => ({
    DATABASE_URL: services.postgres.url,
    TOKEN_ENCRYPT_KEY: services.encryptKey,
    REFRESH_TOKEN: refreshToken,
    TOKEN_JOURNAL_DIR: journalDir,
    KIRO_API_URL: sim.url,
    KIRO_AUTH_URL: sim.url,
    KIRO_OIDC_URL: sim.url,
    ...extra,
  });

  it('is replayed from the sealed journal at the next start when the broker died before the database write', async () => {
    const doomed = await spawnBroker(env({ FAULT_HOOK: 'kill-before-token-write' }));
    brokers.push(doomed);
    await expect(doomed.client.call('leaseCredential', serverLease)).rejects.toBeDefined();
    expect(sim.stats().refreshesByToken[refreshToken]).toBe(1);
    // The broker is gone; the rotated token is only in the journal, sealed.
    const [entry, ...others] = readdirSync(journalDir).filter((name) => name.endsWith('.sealed'));
    expect(others).toEqual([]);
    expect(readFileSync(join(journalDir, entry!), 'utf8')).not.toMatch(/aor[A-Za-z0-9_-]{20}/);

    const restarted = await spawnBroker(env());
    brokers.push(restarted);
    const lease = await restarted.client.call('leaseCredential', serverLease);
    expect(lease.accessToken).toBeTruthy();
    // The original token was never presented again (Kiro revoked it): the journaled one was.
    expect(sim.stats().refreshesByToken[refreshToken]).toBe(1);
    expect(readdirSync(journalDir).filter((name) => name.endsWith('.sealed'))).toEqual([]);
  });
});
