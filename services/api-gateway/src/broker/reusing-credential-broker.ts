import { randomUUID } from 'node:crypto';
import {
  type Caller,
  type CredentialBroker,
  callerLabel,
  type Lease,
  type LeaseOutcome,
  type LeaseRequest,
  outcomePolicy,
} from '@kirogate/contracts';
import { AppError } from '@kirogate/errors';
import type { Metrics } from '@kirogate/observability';

export interface LeaseReuseSettings {
  /**
   * How long a broker lease is reused for further requests of the same caller and model; 0 turns
   * reuse off (one broker lease per request).
   */
  leaseCacheMs: number;
  /**
   * An idle reused lease (no request on it) is given back to the broker after this long, so an idle
   * gateway does not hold a credential's in-flight slot for the whole `leaseCacheMs`.
   */
  idleLingerMs: number;
  /** Requests one reused lease may carry at once; beyond it the broker is asked (it balances load). */
  maxRequestsPerLease: number;
  /** A reused access token is handed out only while it stays valid at least this long. */
  minTokenLifetimeMs: number;
}

export const defaultLeaseReuse: LeaseReuseSettings = {
  leaseCacheMs: 5_000,
  idleLingerMs: 250,
  maxRequestsPerLease: 8,
  minTokenLifetimeMs: 60_000,
};

/** A broker the gateway can also close (the gRPC client flushes its reports). */
export interface ClosableCredentialBroker extends CredentialBroker {
  close?(): Promise<void>;
}

/** One lease from the broker, shared by the requests that reuse it. */
interface BrokerLease {
  lease: Lease;
  key: string;
  takenAt: number;
  /** Requests on it that have not reported yet. */
  open: number;
  /** No new requests join (window over, failure seen, or a forced refresh pending). */
  closed: boolean;
  /** Reported to the broker already (after a failure); later local reports stay local. */
  settled: boolean;
  successes: number;
  credits: number;
  latencyMs: number;
  worst: LeaseOutcome | undefined;
  refreshing: Promise<Lease> | undefined;
  idleTimer: NodeJS.Timeout | undefined;
}

/**
 * Lease reuse in front of any broker, in-process or over gRPC, so both deployments behave alike: a
 * broker lease serves further requests of the same caller and model for a few seconds while its
 * access token stays fresh and requests keep coming (it is given back after a short idle linger).
 * The requests on it are counted here and reported as one outcome when the last ends. An outcome that
 * blames the credential (see `outcomePolicy`) is reported at once and stops the reuse.
 */
export class ReusingCredentialBroker implements ClosableCredentialBroker {
  readonly #inner: ClosableCredentialBroker;
  readonly #settings: LeaseReuseSettings;
  readonly #now: () => number;
  /**
   * Reusable broker leases by caller + model, oldest first. A key holds more than one when its
   * requests outnumber `maxRequestsPerLease`: a full lease is not replaced (that churned one broker
   * lease per few requests under load) but joined by another.
   */
  readonly #reusable = new Map<string, BrokerLease[]>();
  /** Local lease id → the broker lease it rides on. */
  readonly #local = new Map<string, BrokerLease>();
  readonly #results;

  constructor(
    inner: ClosableCredentialBroker,
    settings: LeaseReuseSettings,
    options: { metrics?: Metrics; now?: () => number } = {},
  ) {
    this.#inner = inner;
    this.#settings = settings;
    this.#now = options.now ?? Date.now;
    this.#results = options.metrics?.counter({
      name: 'broker_lease_cache_total',
      help: 'Leases served from a reused broker lease (hit) or by asking the broker (miss)',
      labelNames: ['result'],
    });
  }

  async lease(request: LeaseRequest): Promise<Lease> {
    const key = cacheKey(request.caller, request.model);
    const cached = this.#reusable.get(key);
    if (cached) {
      const now = this.#now();
      for (const held of cached) {
        if (this.#canReuse(held, request, now)) {
          this.#results?.inc({ result: 'hit' });
          return this.#join(held);
        }
      }
    }
    this.#results?.inc({ result: 'miss' });
    const held: BrokerLease = {
      lease: await this.#inner.lease(request),
      key,
      takenAt: this.#now(),
      open: 0,
      closed: this.#settings.leaseCacheMs <= 0,
      settled: false,
      successes: 0,
      credits: 0,
      latencyMs: 0,
      worst: undefined,
      refreshing: undefined,
      idleTimer: undefined,
    };
    if (!held.closed) {
      const list = this.#reusable.get(key);
      if (list) list.push(held);
      else this.#reusable.set(key, [held]);
      setTimeout(() => this.#close(held), this.#settings.leaseCacheMs).unref();
    }
    return this.#join(held);
  }

  async refreshLease(leaseId: string): Promise<Lease> {
    const held = this.#local.get(leaseId);
    if (!held) throw new AppError('NOT_FOUND', 'Unknown or finished lease.');
    // A forced refresh means the token was rejected: nobody new should take this lease meanwhile.
    this.#close(held);
    held.refreshing ??= this.#inner.refreshLease(held.lease.leaseId).then(
      (lease) => {
        held.lease = lease;
        return lease;
      },
      (error: unknown) => {
        held.refreshing = undefined;
        throw error;
      },
    );
    const fresh = await held.refreshing;
    return { ...fresh, leaseId };
  }

  report(leaseId: string, outcome: LeaseOutcome): void {
    const held = this.#local.get(leaseId);
    if (!held) return;
    this.#local.delete(leaseId);
    held.open -= 1;
    if (held.settled) return;
    if (outcomePolicy(outcome.kind).blamesCredential) {
      // Cooldowns must not wait for the other requests on this lease to finish.
      held.worst = outcome;
      this.#close(held);
      this.#settle(held);
      return;
    }
    if (outcome.kind === 'success') held.successes += 1;
    held.credits += outcome.credits ?? 0;
    held.latencyMs = Math.max(held.latencyMs, outcome.latencyMs);
    held.worst ??= outcome.kind === 'success' ? undefined : outcome;
    if (held.open > 0) return;
    if (held.closed) this.#settle(held);
    else held.idleTimer = setTimeout(() => this.#close(held), this.#settings.idleLingerMs).unref();
  }

  /** Gives every reused lease back, then closes the broker underneath. */
  async close(): Promise<void> {
    for (const held of [...this.#reusable.values()].flat()) this.#close(held);
    await this.#inner.close?.();
  }

  #canReuse(held: BrokerLease, request: LeaseRequest, now: number): boolean {
    return (
      !held.closed &&
      now - held.takenAt < this.#settings.leaseCacheMs &&
      held.lease.expiresAt.getTime() - now > this.#settings.minTokenLifetimeMs &&
      held.open < this.#settings.maxRequestsPerLease &&
      !(request.exclude ?? []).includes(held.lease.credentialId)
    );
  }

  #join(held: BrokerLease): Lease {
    const leaseId = randomUUID();
    held.open += 1;
    clearTimeout(held.idleTimer);
    this.#local.set(leaseId, held);
    return { ...held.lease, leaseId };
  }

  #close(held: BrokerLease): void {
    clearTimeout(held.idleTimer);
    held.closed = true;
    const list = this.#reusable.get(held.key) ?? [];
    const at = list.indexOf(held);
    if (at >= 0) list.splice(at, 1);
    if (list.length === 0) this.#reusable.delete(held.key);
    if (held.open === 0 && !held.settled) this.#settle(held);
  }

  /** One outcome for everything that rode on the broker lease. */
  #settle(held: BrokerLease): void {
    held.settled = true;
    const outcome: LeaseOutcome = held.worst
      ? { ...held.worst, credits: held.credits + (held.worst.credits ?? 0) }
      : { kind: 'success', latencyMs: held.latencyMs, credits: held.credits };
    if (!held.worst && held.successes === 0) outcome.kind = 'client-abort';
    this.#inner.report(held.lease.leaseId, outcome);
  }
}

function cacheKey(caller: Caller, model: string): string {
  return `${callerLabel(caller)}\n${model}`;
}
