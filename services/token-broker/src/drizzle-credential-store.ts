import { createHash, randomUUID } from 'node:crypto';
import type {
  AdoptCredentialInput,
  CredentialFilter,
  CredentialState,
  CredentialSummary,
  CredentialWriteCounts,
  RegisterCredentialInput,
  SealedCredentialRow,
} from '@kirogate/contracts';
import { hashSecret } from '@kirogate/contracts';
import {
  type CredentialUsage,
  credentialChecks,
  credentials,
  credentialUsageOf,
  type Db,
  DecryptionError,
  decryptSecret,
  encryptSecret,
  type Keyring,
  noCredentialUsage,
} from '@kirogate/db';
import { AppError } from '@kirogate/errors';
import { and, count, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { CredentialRecord, CredentialStatus, RefreshedTokens } from './credential-record.ts';
import type { CredentialStore } from './credential-store.ts';
import { reencryptCredentials } from './reencrypt-credentials.ts';

type Row = typeof credentials.$inferSelect;

/** Rows re-sealed per statement batch, and the least time between two re-sealing runs. */
const resealBatch = 200;
const resealEveryMs = 60_000;
/** Rows per statement in bulk writes (adopt, restore). */
const writeBatch = 500;

export interface CheckRecord {
  ok: boolean;
  outcome: string;
  errorMessage: string | null;
  status: CredentialStatus;
  statusReason: string | null;
  creditsAvailable: number | null;
  creditsLimit: number | null;
  quotaResetsAt: Date | null;
  latencyMs: number;
  at: Date;
}

/**
 * Credentials in Postgres: refresh token and IdC client id/secret sealed with AES-256-GCM,
 * the key id stored for rotation and the AAD naming row and column; duplicates found by the refresh
 * token's SHA-256. Decrypted secrets are kept in memory per ciphertext, so listing the pool on every
 * lease does not decrypt every row every time.
 */
export class DrizzleCredentialStore implements CredentialStore {
  readonly #db: Db;
  readonly #keyring: Keyring;
  readonly #opened = new Map<string, string>();
  readonly #onQuarantine: (id: string, reason: string) => void;
  /** Rows (by id and ciphertext) that could not be decrypted: skipped without another attempt. */
  readonly #quarantined = new Set<string>();
  readonly #onResealError: (error: unknown) => void;
  #resealing: Promise<void> | undefined;
  #lastResealAt = Number.NEGATIVE_INFINITY;

  constructor(options: {
    db: Db;
    keyring: Keyring;
    onQuarantine?: (id: string, reason: string) => void;
    onResealError?: (error: unknown) => void;
  }) {
    this.#db = options.db;
    this.#keyring = options.keyring;
    this.#onQuarantine = options.onQuarantine ?? (() => undefined);
    this.#onResealError = options.onResealError ?? (() => undefined);
  }

  /**
   * Every credential whose secrets open. A row that does not (its key is not in the keyring, or the
   * ciphertext was altered) is quarantined alone: taken out of rotation as `disabled` with the reason,
   * reported once, and left out, so one bad row never fails the leases of the others.
   */
  async list(): Promise<CredentialRecord[]> {
    const rows = await this.#db.select().from(credentials);
    const records: CredentialRecord[] = [];
    let retired = false;
    for (const row of rows) {
      const record = await this.#openRow(row);
      if (record) records.push(record);
      if (record && row.keyId !== this.#keyring.current.id) retired = true;
    }
    if (retired) this.#resealRetired();
    return records;
  }

  /**
   * After a key rotation, re-seals in the background every credential whose secrets are still on a
   * previous key (`TOKEN_ENCRYPT_KEY_PREVIOUS`), at most once a minute: the first listing at start
   * finds them, and so does a later one after an older replica saved a token with its old key.
   */
  #resealRetired(): void {
    if (this.#resealing || Date.now() - this.#lastResealAt < resealEveryMs) return;
    this.#lastResealAt = Date.now();
    this.#resealing = (async () => {
      for (;;) {
        const result = await reencryptCredentials(this.#db, this.#keyring, resealBatch);
        if (result.reencrypted < resealBatch) return;
      }
    })()
      .catch(this.#onResealError)
      .finally(() => {
        this.#resealing = undefined;
      });
  }

  /** Waits for a running re-sealing, if any (tests, shutdown). */
  async resealed(): Promise<void> {
    await this.#resealing;
  }

  async get(id: string): Promise<CredentialRecord | undefined> {
    if (!isUuid(id)) return undefined;
    const [row] = await this.#db.select().from(credentials).where(eq(credentials.id, id));
    return row ? this.#openRow(row) : undefined;
  }

  async #openRow(row: Row): Promise<CredentialRecord | undefined> {
    const mark = `${row.id}\n${row.refreshTokenEnc}\n${row.clientIdEnc ?? ''}\n${row.clientSecretEnc ?? ''}`;
    if (this.#quarantined.has(mark)) return undefined;
    try {
      return this.#toRecord(row);
    } catch (error) {
      if (!(error instanceof DecryptionError)) throw error;
      this.#quarantined.add(mark);
      const reason = `secrets cannot be decrypted (${error.message}); re-donate it or restore its key`;
      if (row.status !== 'disabled' || row.statusReason !== reason) {
        await this.#db
          .update(credentials)
          .set({ status: 'disabled', statusReason: reason, updatedAt: new Date() })
          .where(eq(credentials.id, row.id));
      }
      this.#onQuarantine(row.id, reason);
      return undefined;
    }
  }

  async saveRefreshed(id: string, tokens: RefreshedTokens): Promise<void> {
    const key = this.#keyring.current;
    await this.#db
      .update(credentials)
      .set({
        refreshTokenEnc: encryptSecret(tokens.refreshToken, { key, aad: aad(id, 'refresh_token') }),
        keyId: key.id,
        ...(tokens.profileArn ? { profileArn: tokens.profileArn } : {}),
        updatedAt: new Date(),
        version: sql`${credentials.version} + 1`,
      })
      .where(eq(credentials.id, id));
  }

  async setStatus(id: string, status: CredentialStatus, reason?: string, until?: Date): Promise<void> {
    if (!isUuid(id)) return;
    await this.#db
      .update(credentials)
      .set({
        status,
        statusReason: reason === undefined ? null : reason.slice(0, 500),
        statusUntil: until ?? null,
        updatedAt: new Date(),
        version: sql`${credentials.version} + 1`,
      })
      .where(eq(credentials.id, id));
  }

  async hasToken(refreshToken: string): Promise<boolean> {
    const rows = await this.#db
      .select({ id: credentials.id })
      .from(credentials)
      .where(eq(credentials.tokenHash, hashSecret(refreshToken)));
    return rows.length > 0;
  }

  /**
   * A new donated credential; CONFLICT when the same refresh token was donated before. `token_hash`
   * names the token as donated, not its latest rotation: that is what a second donation would repeat.
   */
  async insert(
    input: RegisterCredentialInput & { ownerUserId: string; profileArn?: string; donatedToken: string },
  ): Promise<CredentialSummary> {
    const id = randomUUID();
    const row = { ...this.#newRow(id, 'donated', input), tokenHash: hashSecret(input.donatedToken) };
    const inserted = await this.#db.insert(credentials).values(row).onConflictDoNothing().returning();
    if (!inserted[0]) throw new AppError('CONFLICT', 'This Kiro account is already in the pool.');
    return toSummary(inserted[0], noCredentialUsage);
  }

  /**
   * Moved-over credentials, sealed with the current key, in one transaction; those whose refresh token
   * (by hash) is here already are skipped. A dry run only counts.
   */
  async adopt(items: readonly AdoptCredentialInput[], dryRun: boolean): Promise<CredentialWriteCounts> {
    const hashes = [...new Set(items.map((item) => hashSecret(item.refreshToken)))];
    if (dryRun) {
      const present = await this.#presentHashes(this.#db, hashes);
      const seen = new Set<string>();
      let inserted = 0;
      for (const item of items) {
        const hash = hashSecret(item.refreshToken);
        if (!present.has(hash) && !seen.has(hash)) inserted += 1;
        seen.add(hash);
      }
      return { inserted, skipped: items.length - inserted };
    }
    return this.#db.transaction(async (tx) => {
      let inserted = 0;
      for (let start = 0; start < items.length; start += writeBatch) {
        const rows = items.slice(start, start + writeBatch).map((item) => ({
          ...this.#newRow(randomUUID(), 'donated', item),
          status: item.status,
          statusReason: item.statusReason,
          successCount: item.successCount,
          failCount: item.failCount,
          lastUsedAt: item.lastUsedAt,
          lastCheckAt: item.lastCheckAt,
          ...(item.createdAt ? { createdAt: item.createdAt } : {}),
        }));
        const written = await tx
          .insert(credentials)
          .values(rows)
          .onConflictDoNothing()
          .returning({ id: credentials.id });
        inserted += written.length;
      }
      return { inserted, skipped: items.length - inserted };
    });
  }

  /**
   * Backed-up rows as they are, in one transaction; rows whose id or token hash is here already are
   * skipped. Every row must open with this keyring (its secrets are bound to its id), else nothing is
   * written and the first bad row is named. A dry run checks and counts only.
   */
  async restore(rows: readonly SealedCredentialRow[], dryRun: boolean): Promise<CredentialWriteCounts> {
    rows.forEach((row, index) => {
      try {
        this.#toRecord({ ...row, version: 0 });
      } catch (error) {
        if (!(error instanceof DecryptionError)) throw error;
        throw new AppError(
          'INVALID_REQUEST',
          `credentials.${index}: its secrets do not open with this server's key (${error.message}); restore with the TOKEN_ENCRYPT_KEY it was backed up under`,
          { param: `credentials.${index}.refreshTokenEnc` },
        );
      }
    });
    if (dryRun) {
      const present = await this.#presentHashes(
        this.#db,
        rows.map((row) => row.tokenHash),
      );
      const ids = new Set<string>();
      for (let start = 0; start < rows.length; start += writeBatch) {
        const found = await this.#db
          .select({ id: credentials.id })
          .from(credentials)
          .where(
            inArray(
              credentials.id,
              rows.slice(start, start + writeBatch).map((row) => row.id),
            ),
          );
        for (const row of found) ids.add(row.id);
      }
      const inserted = rows.filter((row) => !ids.has(row.id) && !present.has(row.tokenHash)).length;
      return { inserted, skipped: rows.length - inserted };
    }
    return this.#db.transaction(async (tx) => {
      let inserted = 0;
      for (let start = 0; start < rows.length; start += writeBatch) {
        const written = await tx
          .insert(credentials)
          .values(rows.slice(start, start + writeBatch).map((row) => ({ ...row })))
          .onConflictDoNothing()
          .returning({ id: credentials.id });
        inserted += written.length;
      }
      return { inserted, skipped: rows.length - inserted };
    });
  }

  async #presentHashes(db: Db, hashes: readonly string[]): Promise<Set<string>> {
    const present = new Set<string>();
    for (let start = 0; start < hashes.length; start += writeBatch) {
      const rows = await db
        .select({ hash: credentials.tokenHash })
        .from(credentials)
        .where(inArray(credentials.tokenHash, hashes.slice(start, start + writeBatch)));
      for (const row of rows) present.add(row.hash);
    }
    return present;
  }

  /**
   * The server's own credential (`REFRESH_TOKEN` / `KIRO_CREDS_FILE`) under an id derived from the token
   * it was configured with, inserted once: after a rotation the stored (newer) token wins over the
   * configured one on every later start. Returns the id.
   */
  async importServerCredential(record: CredentialRecord, configuredToken: string): Promise<string> {
    const id = uuidFrom(`kirogate server credential\n${hashSecret(configuredToken)}`);
    const input = {
      refreshToken: record.refreshToken,
      authKind: record.authKind,
      region: record.region,
      visibility: 'private' as const,
      anonymous: false,
      ownerUserId: null,
      ...(record.clientId ? { clientId: record.clientId } : {}),
      ...(record.clientSecret ? { clientSecret: record.clientSecret } : {}),
      ...(record.profileArn ? { profileArn: record.profileArn } : {}),
    };
    await this.#db
      .insert(credentials)
      .values(this.#newRow(id, 'server', input))
      .onConflictDoNothing();
    return id;
  }

  async update(
    id: string,
    patch: { visibility?: 'public' | 'private'; status?: 'active' | 'disabled' },
  ): Promise<CredentialSummary> {
    if (!isUuid(id)) throw notFound();
    const set: Partial<typeof credentials.$inferInsert> = { updatedAt: new Date() };
    if (patch.visibility) set.visibility = patch.visibility;
    if (patch.status) {
      set.status = patch.status;
      set.statusReason = patch.status === 'disabled' ? 'disabled by an administrator' : null;
      set.statusUntil = null;
    }
    const [row] = await this.#db
      .update(credentials)
      .set({ ...set, version: sql`${credentials.version} + 1` })
      .where(eq(credentials.id, id))
      .returning();
    if (!row) throw notFound();
    return (await this.#withUsage([row]))[0]!;
  }

  async delete(id: string): Promise<void> {
    if (!isUuid(id)) throw notFound();
    const deleted = await this.#db
      .delete(credentials)
      .where(eq(credentials.id, id))
      .returning({ id: credentials.id });
    if (deleted.length === 0) throw notFound();
  }

  async summary(id: string): Promise<CredentialSummary | undefined> {
    if (!isUuid(id)) return undefined;
    const [row] = await this.#db.select().from(credentials).where(eq(credentials.id, id));
    return row ? (await this.#withUsage([row]))[0] : undefined;
  }

  async summaries(filter: CredentialFilter): Promise<{ items: CredentialSummary[]; total: number }> {
    const conditions: SQL[] = [];
    if (filter.ownerUserId) conditions.push(eq(credentials.ownerUserId, filter.ownerUserId));
    if (filter.visibility) conditions.push(eq(credentials.visibility, filter.visibility));
    if (filter.status) conditions.push(eq(credentials.status, filter.status));
    const where = conditions.length > 0 ? and(...conditions) : undefined;
    const pageSize = Math.min(Math.max(filter.pageSize ?? 50, 1), 500);
    const page = Math.max(filter.page ?? 1, 1);
    const [rows, totals] = await Promise.all([
      this.#db
        .select()
        .from(credentials)
        .where(where)
        .orderBy(desc(credentials.createdAt), credentials.id)
        .limit(pageSize)
        .offset((page - 1) * pageSize),
      this.#db.select({ n: count() }).from(credentials).where(where),
    ]);
    return { items: await this.#withUsage(rows), total: Number(totals[0]?.n ?? 0) };
  }

  /** Summaries with the request counters the worker keeps (read model, never written here). */
  async #withUsage(rows: readonly Row[]): Promise<CredentialSummary[]> {
    const usage = await credentialUsageOf(
      this.#db,
      rows.map((row) => row.id),
    );
    return rows.map((row) => toSummary(row, usage.get(row.id) ?? noCredentialUsage));
  }

  async countByOwner(ownerUserIds: readonly string[]): Promise<Map<string, number>> {
    if (ownerUserIds.length === 0) return new Map();
    const rows = await this.#db
      .select({ owner: credentials.ownerUserId, n: count() })
      .from(credentials)
      .where(inArray(credentials.ownerUserId, [...ownerUserIds]))
      .groupBy(credentials.ownerUserId);
    return new Map(rows.flatMap((row) => (row.owner ? [[row.owner, Number(row.n)] as const] : [])));
  }

  async recordCheck(id: string, check: CheckRecord): Promise<void> {
    await this.#db.transaction(async (tx) => {
      await tx
        .update(credentials)
        .set({
          status: check.status,
          statusReason: check.statusReason,
          statusUntil: check.status === 'quota_exhausted' ? check.quotaResetsAt : null,
          creditsAvailable: check.creditsAvailable,
          creditsLimit: check.creditsLimit,
          quotaResetsAt: check.quotaResetsAt,
          lastCheckAt: check.at,
          updatedAt: check.at,
          version: sql`${credentials.version} + 1`,
        })
        .where(eq(credentials.id, id));
      await tx.insert(credentialChecks).values({
        credentialId: id,
        checkedAt: check.at,
        ok: check.ok,
        outcome: check.outcome,
        errorMessage: check.errorMessage,
        creditsAvailable: check.creditsAvailable,
        latencyMs: Math.round(check.latencyMs),
      });
    });
  }

  /** Available credits per credential id as of the last check, for the credits gauge. */
  async credits(): Promise<{ id: string; available: number }[]> {
    const rows = await this.#db
      .select({ id: credentials.id, available: credentials.creditsAvailable })
      .from(credentials);
    return rows.flatMap((row) => (row.available === null ? [] : [{ id: row.id, available: row.available }]));
  }

  #newRow(
    id: string,
    source: 'server' | 'donated',
    input: Omit<RegisterCredentialInput, 'ownerUserId'> & { ownerUserId: string | null; profileArn?: string },
  ): typeof credentials.$inferInsert {
    const key = this.#keyring.current;
    const seal = (value: string, column: string) => encryptSecret(value, { key, aad: aad(id, column) });
    return {
      id,
      ownerUserId: input.ownerUserId,
      source,
      authKind: input.authKind,
      refreshTokenEnc: seal(input.refreshToken, 'refresh_token'),
      clientIdEnc: input.clientId ? seal(input.clientId, 'client_id') : null,
      clientSecretEnc: input.clientSecret ? seal(input.clientSecret, 'client_secret') : null,
      keyId: key.id,
      tokenHash: hashSecret(input.refreshToken),
      region: input.region ?? 'us-east-1',
      profileArn: input.profileArn ?? null,
      visibility: input.visibility,
      anonymous: input.anonymous,
    };
  }

  #open(envelope: string, id: string, column: string): string {
    // The id is part of the key: the AAD binds a ciphertext to its row, so must the cache.
    const cacheKey = `${id}\n${column}\n${envelope}`;
    const known = this.#opened.get(cacheKey);
    if (known !== undefined) return known;
    const plaintext = decryptSecret(envelope, { keyring: this.#keyring, aad: aad(id, column) });
    if (this.#opened.size > 10_000) this.#opened.clear();
    this.#opened.set(cacheKey, plaintext);
    return plaintext;
  }

  #toRecord(row: Row): CredentialRecord {
    const record: CredentialRecord = {
      id: row.id,
      source: row.source,
      authKind: row.authKind,
      refreshToken: this.#open(row.refreshTokenEnc, row.id, 'refresh_token'),
      region: row.region,
      // One stable machine per account, across refresh-token rotations.
      machineId: row.id,
      visibility: row.visibility,
      status: row.status === 'cooldown' ? 'active' : row.status,
    };
    if (row.ownerUserId) record.ownerUserId = row.ownerUserId;
    if (row.profileArn) record.profileArn = row.profileArn;
    if (row.clientIdEnc) record.clientId = this.#open(row.clientIdEnc, row.id, 'client_id');
    if (row.clientSecretEnc) record.clientSecret = this.#open(row.clientSecretEnc, row.id, 'client_secret');
    if (row.statusReason) record.statusReason = row.statusReason;
    if (row.statusUntil) record.statusUntil = row.statusUntil;
    if (row.quotaResetsAt) record.quotaResetAt = row.quotaResetsAt;
    return record;
  }
}

export function toSummary(row: Row, usage: CredentialUsage): CredentialSummary {
  return {
    id: row.id,
    source: row.source,
    authKind: row.authKind,
    ownerUserId: row.ownerUserId,
    visibility: row.visibility,
    anonymous: row.anonymous,
    status: (row.status === 'cooldown' ? 'active' : row.status) as CredentialState,
    statusReason: row.statusReason,
    successCount: usage.successCount,
    failCount: usage.failCount,
    creditsUsed: usage.creditsUsed,
    availableCredits: row.creditsAvailable,
    quotaResetAt: row.quotaResetsAt,
    lastUsedAt: usage.lastUsedAt,
    lastCheckAt: row.lastCheckAt,
    createdAt: row.createdAt,
  };
}

function aad(id: string, column: string): string {
  return `credentials:${id}:${column}`;
}

function notFound(): AppError {
  return new AppError('NOT_FOUND', 'No such credential.');
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isUuid(id: string): boolean {
  return uuidPattern.test(id);
}

/** A name-based UUID (version 8 layout over SHA-256), stable for the same name. */
function uuidFrom(name: string): string {
  const bytes = createHash('sha256').update(name).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
