import type {
  AdoptCredentialInput,
  CredentialAdmin,
  CredentialCheckResult,
  CredentialFilter,
  CredentialSummary,
  CredentialWriteCounts,
  PoolStatus,
  RegisterCredentialInput,
  SealedCredentialRow,
} from '@kirogate/contracts';
import { AppError, toAppError } from '@kirogate/errors';
import { assertRefreshTokenShape, isPermanentRefreshError, type KiroClient } from '@kirogate/kiro';
import type { CredentialStatus } from './credential-record.ts';
import type { DrizzleCredentialStore } from './drizzle-credential-store.ts';
import type { TokenBroker } from './token-broker.ts';

export interface CredentialPoolAdminOptions {
  store: DrizzleCredentialStore;
  broker: TokenBroker;
  kiro: Pick<KiroClient, 'refreshAccessToken' | 'getUsageLimits'>;
  /** Whether donations can be stored (a TOKEN_ENCRYPT_KEY is configured). */
  acceptsDonations: boolean;
  defaultRegion: string;
  now?: () => number;
}

/**
 * Managing the pool: donations validated with one refresh and stored encrypted, updates, deletion,
 * listing, health checks (refresh + getUsageLimits, reviving credentials that work again) and the
 * pool view.
 */
export class CredentialPoolAdmin implements CredentialAdmin {
  readonly #options: CredentialPoolAdminOptions;
  readonly #now: () => number;

  constructor(options: CredentialPoolAdminOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  async register(input: RegisterCredentialInput): Promise<CredentialSummary> {
    if (!this.#options.acceptsDonations) {
      throw new AppError('SERVICE_UNAVAILABLE', 'Donations are off: TOKEN_ENCRYPT_KEY is not configured.');
    }
    if (!input.ownerUserId) throw new AppError('INVALID_REQUEST', 'A donated credential needs an owner.');
    assertRefreshTokenShape(input.refreshToken, 'refreshToken');
    if (input.authKind === 'idc' && !(input.clientId && input.clientSecret)) {
      throw new AppError('INVALID_REQUEST', 'An IdC credential needs clientId and clientSecret.', {
        param: 'clientId',
      });
    }
    // Before the refresh: validating a token that is already stored would rotate it under its row.
    if (await this.#options.store.hasToken(input.refreshToken)) {
      throw new AppError('CONFLICT', 'This Kiro account is already in the pool.');
    }
    const region = input.region ?? this.#options.defaultRegion;
    let refreshed: Awaited<ReturnType<KiroClient['refreshAccessToken']>>;
    try {
      refreshed = await this.#options.kiro.refreshAccessToken(
        {
          authKind: input.authKind,
          refreshToken: input.refreshToken,
          region,
          ...(input.clientId ? { clientId: input.clientId } : {}),
          ...(input.clientSecret ? { clientSecret: input.clientSecret } : {}),
        },
        { maxAttempts: 1 },
      );
    } catch (error) {
      if (isPermanentRefreshError(error)) {
        throw new AppError('INVALID_REQUEST', 'Kiro rejected this refresh token.', { param: 'refreshToken' });
      }
      throw toAppError(error);
    }
    // Kiro may have rotated the token during validation; the new one is what has to be kept.
    const summary = await this.#options.store.insert({
      ...input,
      region,
      ownerUserId: input.ownerUserId,
      refreshToken: refreshed.refreshToken,
      donatedToken: input.refreshToken,
      ...(refreshed.profileArn && input.authKind === 'social' ? { profileArn: refreshed.profileArn } : {}),
    });
    await this.#options.broker.poolChanged();
    return summary;
  }

  async adopt(
    items: readonly AdoptCredentialInput[],
    options: { dryRun?: boolean } = {},
  ): Promise<CredentialWriteCounts> {
    if (!this.#options.acceptsDonations) {
      throw new AppError(
        'SERVICE_UNAVAILABLE',
        'Storing tokens is off: TOKEN_ENCRYPT_KEY is not configured.',
      );
    }
    items.forEach((item, index) => {
      const at = `items[${index}]`;
      // No shape check beyond presence: the old system took these, and the worker's checks judge them.
      if (!item.refreshToken) {
        throw new AppError('INVALID_REQUEST', 'A refresh token is required.', {
          param: `${at}.refreshToken`,
        });
      }
      if (!item.ownerUserId) {
        throw new AppError('INVALID_REQUEST', 'A moved-over credential needs an owner.', {
          param: `${at}.ownerUserId`,
        });
      }
      if (item.authKind === 'idc' && !(item.clientId && item.clientSecret)) {
        throw new AppError('INVALID_REQUEST', 'An IdC credential needs clientId and clientSecret.', {
          param: `${at}.clientId`,
        });
      }
    });
    const region = this.#options.defaultRegion;
    const counts = await this.#options.store.adopt(
      items.map((item) => ({ ...item, region: item.region ?? region })),
      options.dryRun ?? false,
    );
    if (counts.inserted > 0 && !options.dryRun) await this.#options.broker.poolChanged();
    return counts;
  }

  async restore(
    rows: readonly SealedCredentialRow[],
    options: { dryRun?: boolean } = {},
  ): Promise<CredentialWriteCounts> {
    const counts = await this.#options.store.restore(rows, options.dryRun ?? false);
    if (counts.inserted > 0 && !options.dryRun) await this.#options.broker.poolChanged();
    return counts;
  }

  async update(
    id: string,
    patch: { visibility?: 'public' | 'private'; status?: 'active' | 'disabled' },
  ): Promise<CredentialSummary> {
    const summary = await this.#options.store.update(id, patch);
    if (patch.status === 'active') await this.#options.broker.resetHealth(id);
    await this.#options.broker.poolChanged();
    return summary;
  }

  async delete(id: string): Promise<void> {
    await this.#options.store.delete(id);
    await this.#options.broker.poolChanged();
  }

  list(filter: CredentialFilter): Promise<{ items: CredentialSummary[]; total: number }> {
    return this.#options.store.summaries(filter);
  }

  countByOwner(ownerUserIds: readonly string[]): Promise<Map<string, number>> {
    return this.#options.store.countByOwner(ownerUserIds);
  }

  async check(id: string): Promise<CredentialCheckResult> {
    const record = await this.#options.store.get(id);
    if (!record) throw new AppError('NOT_FOUND', 'No such credential.');
    const started = this.#now();
    const at = () => new Date(this.#now());
    const keep = record.status === 'suspended' || record.status === 'disabled';
    let access: Awaited<ReturnType<TokenBroker['accessFor']>>;
    try {
      access = await this.#options.broker.accessFor(record, true);
    } catch (error) {
      const app = toAppError(error);
      const status: CredentialStatus = isPermanentRefreshError(error) ? 'invalid' : record.status;
      return this.#finish(id, {
        ok: false,
        outcome: isPermanentRefreshError(error) ? 'invalid_grant' : 'refresh_failed',
        errorMessage: app.message.slice(0, 200),
        status,
        statusReason: status === 'invalid' ? app.message.slice(0, 200) : (record.statusReason ?? null),
        creditsAvailable: null,
        creditsLimit: null,
        quotaResetsAt: null,
        latencyMs: this.#now() - started,
        at: at(),
      });
    }
    try {
      const limits = await this.#options.kiro.getUsageLimits({
        accessToken: access.accessToken,
        authKind: record.authKind,
        machineId: record.machineId ?? record.id,
        ...(record.authKind === 'social' && (access.profileArn ?? record.profileArn)
          ? { profileArn: access.profileArn ?? record.profileArn }
          : {}),
      });
      const exhausted = limits.availableCredits <= 0;
      const status: CredentialStatus = keep ? record.status : exhausted ? 'quota_exhausted' : 'active';
      if (status === 'active' && record.status !== 'active') await this.#options.broker.resetHealth(id);
      return this.#finish(id, {
        ok: true,
        outcome: exhausted ? 'quota_exhausted' : 'ok',
        errorMessage: null,
        status,
        statusReason: keep
          ? (record.statusReason ?? null)
          : exhausted
            ? 'Kiro reports the monthly quota as used up'
            : null,
        creditsAvailable: limits.availableCredits,
        creditsLimit: limits.usageLimit,
        quotaResetsAt: limits.nextDateReset ?? null,
        latencyMs: this.#now() - started,
        at: at(),
      });
    } catch (error) {
      const app = toAppError(error);
      const status: CredentialStatus =
        app.code === 'UPSTREAM_SUSPENDED'
          ? 'suspended'
          : app.code === 'UPSTREAM_AUTH'
            ? 'invalid'
            : record.status;
      return this.#finish(id, {
        ok: false,
        outcome:
          app.code === 'UPSTREAM_SUSPENDED'
            ? 'suspended'
            : app.code === 'UPSTREAM_AUTH'
              ? 'unauthorized'
              : 'upstream_error',
        errorMessage: app.message.slice(0, 200),
        status,
        statusReason: status === record.status ? (record.statusReason ?? null) : app.message.slice(0, 200),
        creditsAvailable: null,
        creditsLimit: null,
        quotaResetsAt: null,
        latencyMs: this.#now() - started,
        at: at(),
      });
    }
  }

  async poolStatus(): Promise<PoolStatus> {
    const status = await this.#options.broker.poolStatus();
    return {
      total: status.total,
      byStatus: status.byStatus,
      coolingDown: status.coolingDown,
      inFlight: status.inFlight,
      publicCapacity: status.publicCapacity,
    };
  }

  async #finish(
    id: string,
    check: Parameters<DrizzleCredentialStore['recordCheck']>[1],
  ): Promise<CredentialCheckResult> {
    await this.#options.store.recordCheck(id, check);
    await this.#options.broker.poolChanged();
    return {
      credentialId: id,
      status: check.status,
      reason: check.statusReason,
      availableCredits: check.creditsAvailable,
      quotaResetAt: check.quotaResetsAt,
      checkedAt: check.at,
    };
  }
}
