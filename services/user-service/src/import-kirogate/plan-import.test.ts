import { hashSecret } from '@kirogate/contracts';
import { describe, expect, it } from 'vitest';
import { encodeFernet } from './encode-fernet.ts';
import { kirogateFernetKey } from './fernet.ts';
import { LegacySecretError, planImport } from './plan-import.ts';
import { type KirogateData, type KirogateToken, time } from './read-kirogate-database.ts';

const key = kirogateFernetKey('seed key');
const seal = (value: string) => encodeFernet(value, key);

function data(overrides: Partial<KirogateData> = {}): KirogateData {
  return {
    users: [
      {
        id: 1,
        linuxdoId: '11',
        githubId: null,
        username: 'alice',
        avatarUrl: null,
        trustLevel: 9,
        isAdmin: false,
        isBanned: false,
        createdAt: null,
        lastLogin: null,
      },
    ],
    tokens: [],
    apiKeys: [],
    importKeys: [],
    announcements: [],
    announcementMarks: [],
    ipBlacklist: [],
    siteConfig: [],
    tableSizes: new Map(),
    ...overrides,
  };
}

function token(overrides: Partial<KirogateToken>): KirogateToken {
  return {
    id: 7,
    userId: 1,
    refreshTokenEncrypted: seal('aor-refresh'),
    authType: 'social',
    clientIdEncrypted: null,
    clientSecretEncrypted: null,
    visibility: 'private',
    isAnonymous: true,
    status: 'active',
    successCount: 2,
    failCount: 1,
    lastUsed: null,
    lastCheck: null,
    createdAt: null,
    ...overrides,
  };
}

describe('planImport', () => {
  it('maps tokens: statuses, visibility, anonymity only when public, IdC clients opened', () => {
    const plan = planImport(
      data({
        tokens: [
          token({ id: 1 }),
          token({ id: 2, status: 'expired', visibility: 'public', refreshTokenEncrypted: seal('b') }),
          token({
            id: 3,
            authType: 'idc',
            refreshTokenEncrypted: seal('c'),
            clientIdEncrypted: seal('client-id'),
            clientSecretEncrypted: seal('client-secret'),
          }),
          token({ id: 4, authType: 'idc', refreshTokenEncrypted: seal('d') }),
          token({ id: 5, status: 'weird', refreshTokenEncrypted: seal('e') }),
          token({ id: 6, userId: 99, refreshTokenEncrypted: seal('f') }),
        ],
      }),
      key,
    );
    expect(
      plan.tokens.map((row) => [row.legacyId, row.refreshToken, row.status, row.visibility, row.anonymous]),
    ).toEqual([
      [1, 'aor-refresh', 'active', 'private', false],
      [2, 'b', 'quota_exhausted', 'public', true],
      [3, 'c', 'active', 'private', false],
    ]);
    expect(plan.tokens[2]).toMatchObject({
      authKind: 'idc',
      clientId: 'client-id',
      clientSecret: 'client-secret',
    });
    expect(plan.skipped).toEqual([
      { what: 'tokens', count: 1, reason: 'IdC token without client_id/client_secret: it cannot refresh' },
      { what: 'tokens', count: 1, reason: 'status is none of active, invalid, expired' },
      { what: 'tokens', count: 1, reason: 'its owner is not imported' },
    ]);
  });

  it('stops at the first token the key does not open, naming the row and column only', () => {
    const foreign = encodeFernet('secret-value', kirogateFernetKey('another key'));
    const run = () =>
      planImport(
        data({
          tokens: [
            token({ id: 1 }),
            token({ id: 2, authType: 'idc', clientIdEncrypted: seal('x'), clientSecretEncrypted: foreign }),
          ],
        }),
        key,
      );
    expect(run).toThrow(LegacySecretError);
    expect(run).toThrow(/^tokens row 2: client_secret_encrypted does not open with LEGACY_TOKEN_ENCRYPT_KEY/);
    try {
      run();
    } catch (error) {
      expect((error as Error).message).not.toContain(foreign);
      expect((error as Error).message).not.toContain('secret-value');
    }
  });

  it('keeps key hashes (lowercased), clamps trust levels, and reports what has no home', () => {
    const hash = hashSecret('sk-abc').toUpperCase();
    const plan = planImport(
      data({
        apiKeys: [
          {
            id: 1,
            userId: 1,
            keyHash: hash,
            keyPrefix: 'sk-abc...1234',
            name: null,
            isActive: true,
            requestCount: 5,
            lastUsed: null,
            createdAt: null,
          },
        ],
        ipBlacklist: [
          { ip: '::ffff:192.0.2.1', bannedAt: null, reason: null },
          { ip: '10.0.0.0/8', bannedAt: null, reason: 'range' },
        ],
        siteConfig: [
          { key: 'self_use_enabled', value: '1' },
          { key: 'site_enabled', value: 'maybe' },
          { key: 'proxy_api_key', value: '' },
        ],
        tableSizes: new Map([
          ['users.db.users', 1],
          ['metrics.db.counters', 4],
          ['metrics.db.hourly_requests', 0],
          ['users.db.mystery', 2],
        ]),
      }),
      key,
    );
    expect(plan.users[0]!.trustLevel).toBe(4);
    expect(plan.keys).toEqual([
      expect.objectContaining({ keyHash: hash.toLowerCase(), name: '', requestCount: 5 }),
    ]);
    expect(plan.ipBans).toEqual([{ ip: '192.0.2.1', reason: '', bannedAt: null }]);
    expect(plan.settings).toEqual([{ key: 'self_use_enabled', value: true }]);
    expect(plan.skipped.map((entry) => `${entry.what}:${entry.count}`)).toEqual([
      'ip_blacklist:1',
      'site_config.site_enabled:1',
      'metrics.db.counters:4',
      'users.db.mystery:2',
    ]);
    expect(plan.skipped.at(-1)!.reason).toBe('unknown table');
  });
});

describe('time', () => {
  it('reads epoch milliseconds, epoch seconds and ISO strings; anything else is null', () => {
    expect(time(1_780_000_000_000)?.toISOString()).toBe('2026-05-28T20:26:40.000Z');
    expect(time(1_780_000_000)?.toISOString()).toBe('2026-05-28T20:26:40.000Z');
    expect(time('1780000000000')?.toISOString()).toBe('2026-05-28T20:26:40.000Z');
    expect(time('2026-05-28T20:26:40Z')?.toISOString()).toBe('2026-05-28T20:26:40.000Z');
    expect(time(null)).toBeNull();
    expect(time(0)).toBeNull();
    expect(time('soon')).toBeNull();
  });
});
