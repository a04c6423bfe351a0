import type { CredentialAdmin, CredentialState } from '@kirogate/contracts';
import type { SiteMode } from '../web/web-deps.ts';

/** What `/api/status` tells anyone: no secrets, nothing about a user. */
export interface PublicStatusBody {
  /** `ok` with at least one active credential, `degraded` with none, `unknown` when the pool did not answer. */
  status: 'ok' | 'degraded' | 'unknown';
  site_mode: SiteMode;
  version: string;
  pool: {
    total: number;
    active: number;
    by_status: Record<CredentialState, number>;
    cooling_down: number;
    in_flight: number;
  } | null;
  /** The model names `/v1/models` lists; null where this process does not host the gateway. */
  models: string[] | null;
  last_24h: { requests: number; errors: number; success_rate: number | null };
  checked_at: string;
}

export interface PublicStatusDeps {
  /** Requests and errors since the given time (see `requestsSince`). */
  requestsSince(since: Date): Promise<{ requests: number; errors: number }>;
  credentials: Pick<CredentialAdmin, 'poolStatus'>;
  siteMode(): Promise<SiteMode>;
  models?: () => readonly string[];
  version: string;
  /** How long one answer is reused; default 10 s. */
  ttlMs?: number;
  now?: () => number;
}

/**
 * The public status, computed at most once per `ttlMs` however many visitors ask (concurrent askers
 * share one computation), so the page costs a stranger's flood nothing beyond the cached answer.
 */
export class PublicStatus {
  readonly #deps: PublicStatusDeps;
  readonly #ttlMs: number;
  readonly #now: () => number;
  #cached: { at: number; body: Promise<PublicStatusBody> } | undefined;

  constructor(deps: PublicStatusDeps) {
    this.#deps = deps;
    this.#ttlMs = deps.ttlMs ?? 10_000;
    this.#now = deps.now ?? Date.now;
  }

  get(): Promise<PublicStatusBody> {
    const now = this.#now();
    if (this.#cached && now - this.#cached.at < this.#ttlMs) return this.#cached.body;
    const body = this.#compute();
    this.#cached = { at: now, body };
    // A failed computation is not kept: the next visitor tries again.
    body.catch(() => {
      if (this.#cached?.body === body) this.#cached = undefined;
    });
    return body;
  }

  async #compute(): Promise<PublicStatusBody> {
    const [mode, pool, recent] = await Promise.all([
      this.#deps.siteMode(),
      this.#deps.credentials.poolStatus().catch(() => null),
      this.#lastDay(),
    ]);
    const active = pool?.byStatus.active ?? 0;
    return {
      status: pool === null ? 'unknown' : active > 0 ? 'ok' : 'degraded',
      site_mode: mode,
      version: this.#deps.version,
      pool: pool && {
        total: pool.total,
        active,
        by_status: pool.byStatus,
        cooling_down: pool.coolingDown,
        in_flight: pool.inFlight,
      },
      models: this.#deps.models ? [...this.#deps.models()] : null,
      last_24h: recent,
      checked_at: new Date(this.#now()).toISOString(),
    };
  }

  async #lastDay(): Promise<PublicStatusBody['last_24h']> {
    const { requests, errors } = await this.#deps.requestsSince(new Date(this.#now() - 24 * 3_600_000));
    return {
      requests,
      errors,
      success_rate: requests === 0 ? null : Math.round(((requests - errors) / requests) * 1000) / 10,
    };
  }
}
