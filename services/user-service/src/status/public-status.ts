import type { CredentialAdmin } from '@kirogate/contracts';
import { renderPublicStatus } from '../contract/render.ts';
import type { PublicStatusView } from '../contract/views.ts';
import type { SiteMode } from '../web/web-deps.ts';

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
  #cached: { at: number; body: Promise<PublicStatusView> } | undefined;

  constructor(deps: PublicStatusDeps) {
    this.#deps = deps;
    this.#ttlMs = deps.ttlMs ?? 10_000;
    this.#now = deps.now ?? Date.now;
  }

  get(): Promise<PublicStatusView> {
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

  async #compute(): Promise<PublicStatusView> {
    const since = new Date(this.#now() - 24 * 3_600_000);
    const [siteMode, pool, lastDay] = await Promise.all([
      this.#deps.siteMode(),
      this.#deps.credentials.poolStatus().catch(() => null),
      this.#deps.requestsSince(since),
    ]);
    return renderPublicStatus({
      siteMode,
      version: this.#deps.version,
      pool,
      models: this.#deps.models ? this.#deps.models() : null,
      lastDay,
      checkedAt: new Date(this.#now()),
    });
  }
}
