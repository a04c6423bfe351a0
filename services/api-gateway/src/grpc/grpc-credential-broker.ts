import { randomUUID } from 'node:crypto';
import {
  type Caller,
  type CredentialBroker,
  callerLabel,
  type Lease,
  type LeaseOutcome,
  type LeaseRequest,
  type OutcomeKind,
} from '@kirogate/contracts';
import { AppError } from '@kirogate/errors';
import {
  createGrpcClient,
  type GrpcClient,
  type LeaseOutcomeReport,
  leaseFromProto,
  leaseRequestToProto,
  loadTokenBrokerProto,
  outcomeToProto,
  type TokenBrokerServiceClient,
} from '@kirogate/grpc';
import type { Metrics } from '@kirogate/observability';

export interface GrpcCredentialBrokerOptions {
  /** TOKEN_BROKER_URL: host:port or a gRPC target such as `dns:///token-broker:50051`. */
  target: string;
  /** Deadline of every RPC (GRPC_DEADLINE_MS). */
  deadlineMs: number;
  /**
   * How long a broker lease is reused for further requests of the same caller and model; 0 turns the
   * lease cache off (one LeaseCredential per request).
   */
  leaseCacheMs: number;
  /**
   * An idle reused lease (no request on it) is given back to the broker after this long, so idle
   * gateways do not hold credentials' in-flight slots for the whole `leaseCacheMs`.
   */
  idleLingerMs: number;
  /** Requests one cached lease may carry at once; beyond it the broker is asked (it balances load). */
  maxRequestsPerLease: number;
  /** A cached access token is reused only while it stays valid at least this long. */
  minTokenLifetimeMs: number;
  /** Reports queued beyond this (broker unreachable) are dropped and counted. */
  maxQueuedReports: number;
  metrics?: Metrics;
  now?: () => number;
}

const maxReportsPerCall = 500;

export const defaultBrokerClientSettings = {
  leaseCacheMs: 5_000,
  idleLingerMs: 250,
  maxRequestsPerLease: 8,
  minTokenLifetimeMs: 60_000,
  maxQueuedReports: 10_000,
} as const;

/** One LeaseCredential answer, shared by the requests that reuse it. */
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
 * The token broker over gRPC, as the gateway's CredentialBroker. A hot gateway does not pay an RPC
 * per request: a broker lease is reused for the same caller and model for a few seconds while its
 * access token stays fresh and requests keep coming (it is given back after a short idle linger), with
 * the requests on it counted locally and reported to the broker as one outcome when the last ends. A failure that concerns the credential (throttled, quota,
 * suspended, unauthorized, upstream error) is reported at once and stops the reuse. Reports never
 * block a response: they are queued, sent in batches, and dropped (counted) when the broker is down.
 */
export class GrpcCredentialBroker implements CredentialBroker {
  readonly #options: GrpcCredentialBrokerOptions;
  readonly #client: GrpcClient<TokenBrokerServiceClient>;
  readonly #now: () => number;
  /** Reusable broker leases by caller + model. */
  readonly #reusable = new Map<string, BrokerLease>();
  /** Local lease id → the broker lease it rides on. */
  readonly #local = new Map<string, BrokerLease>();
  #queue: LeaseOutcomeReport[] = [];
  #scheduled = false;
  #sending: Promise<void> | undefined;
  readonly #cacheResults;
  readonly #dropped;
  readonly #rpcSeconds;

  constructor(options: GrpcCredentialBrokerOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#client = createGrpcClient(loadTokenBrokerProto().TokenBrokerService, {
      target: options.target,
      deadlineMs: options.deadlineMs,
    });
    this.#cacheResults = options.metrics?.counter({
      name: 'broker_lease_cache_total',
      help: 'Leases served from a reused broker lease (hit) or by a LeaseCredential call (miss)',
      labelNames: ['result'],
    });
    this.#dropped = options.metrics?.counter({
      name: 'broker_reports_dropped_total',
      help: 'Outcome reports dropped because the token broker could not take them',
    });
    this.#rpcSeconds = options.metrics?.histogram({
      name: 'broker_rpc_seconds',
      help: 'Token-broker RPCs seen from the gateway, by method and result',
      labelNames: ['method', 'result'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1, 5],
    });
  }

  async lease(request: LeaseRequest): Promise<Lease> {
    const key = cacheKey(request.caller, request.model);
    const cached = this.#reusable.get(key);
    if (cached && this.#canReuse(cached, request)) {
      this.#cacheResults?.inc({ result: 'hit' });
      return this.#join(cached);
    }
    if (cached && !cached.closed) this.#close(cached);
    this.#cacheResults?.inc({ result: 'miss' });
    const proto = await this.#rpc('leaseCredential', () =>
      this.#client.call('leaseCredential', leaseRequestToProto(request)),
    );
    const held: BrokerLease = {
      lease: leaseFromProto(proto),
      key,
      takenAt: this.#now(),
      open: 0,
      closed: this.#options.leaseCacheMs <= 0,
      settled: false,
      successes: 0,
      credits: 0,
      latencyMs: 0,
      worst: undefined,
      refreshing: undefined,
      idleTimer: undefined,
    };
    if (!held.closed) {
      this.#reusable.set(key, held);
      setTimeout(() => this.#close(held), this.#options.leaseCacheMs).unref();
    }
    return this.#join(held);
  }

  async refreshLease(leaseId: string): Promise<Lease> {
    const held = this.#local.get(leaseId);
    if (!held) throw new AppError('NOT_FOUND', 'Unknown or finished lease.');
    // A forced refresh means the token was rejected: nobody new should take this lease meanwhile.
    this.#close(held);
    held.refreshing ??= this.#rpc('refreshLease', () =>
      this.#client.call('refreshLease', { leaseId: held.lease.leaseId }),
    ).then(
      (proto) => {
        held.lease = leaseFromProto(proto);
        return held.lease;
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
    if (blamesCredential(outcome.kind)) {
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
    else held.idleTimer = setTimeout(() => this.#close(held), this.#options.idleLingerMs).unref();
  }

  /** Sends what is queued and closes the channel; reports after this are dropped. */
  async close(): Promise<void> {
    for (const held of [...this.#reusable.values()]) this.#close(held);
    await this.#sending;
    await this.#pump();
    this.#client.close();
  }

  /** The gRPC client, for health checks of the broker (PoolStatus). */
  get client(): GrpcClient<TokenBrokerServiceClient> {
    return this.#client;
  }

  #canReuse(held: BrokerLease, request: LeaseRequest): boolean {
    const now = this.#now();
    return (
      !held.closed &&
      now - held.takenAt < this.#options.leaseCacheMs &&
      held.lease.expiresAt.getTime() - now > this.#options.minTokenLifetimeMs &&
      held.open < this.#options.maxRequestsPerLease &&
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
    if (this.#reusable.get(held.key) === held) this.#reusable.delete(held.key);
    if (held.open === 0 && !held.settled) this.#settle(held);
  }

  /** One outcome for everything that rode on the broker lease. */
  #settle(held: BrokerLease): void {
    held.settled = true;
    const outcome: LeaseOutcome = held.worst
      ? { ...held.worst, credits: held.credits + (held.worst.credits ?? 0) }
      : { kind: 'success', latencyMs: held.latencyMs, credits: held.credits };
    if (!held.worst && held.successes === 0) outcome.kind = 'client-abort';
    this.#enqueue(outcomeToProto(held.lease.leaseId, outcome));
  }

  #enqueue(report: LeaseOutcomeReport): void {
    if (this.#queue.length >= this.#options.maxQueuedReports) {
      this.#dropped?.inc();
      return;
    }
    this.#queue.push(report);
    if (this.#scheduled) return;
    this.#scheduled = true;
    // Reports of one tick travel together; while a batch is on the wire the next one accumulates, so
    // the broker's in-flight counts lag by one round trip at most, and an idle gateway sends at once.
    setImmediate(() => {
      this.#scheduled = false;
      void this.#pump();
    });
  }

  async #pump(): Promise<void> {
    if (this.#sending) return;
    while (this.#queue.length > 0) {
      const reports = this.#queue.splice(0, maxReportsPerCall);
      this.#sending = this.#rpc('reportOutcome', () => this.#client.call('reportOutcome', { reports })).then(
        () => undefined,
        () => {
          this.#dropped?.inc({}, reports.length);
        },
      );
      await this.#sending;
    }
    this.#sending = undefined;
  }

  async #rpc<T>(method: string, call: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      const result = await call();
      this.#rpcSeconds?.observe({ method, result: 'ok' }, (performance.now() - started) / 1000);
      return result;
    } catch (error) {
      this.#rpcSeconds?.observe({ method, result: 'error' }, (performance.now() - started) / 1000);
      throw error;
    }
  }
}

function cacheKey(caller: Caller, model: string): string {
  return `${callerLabel(caller)}\n${model}`;
}

/** Outcomes that say something about the credential (so the broker must hear of them now). */
function blamesCredential(kind: OutcomeKind): boolean {
  return (
    kind === 'throttled' ||
    kind === 'unauthorized' ||
    kind === 'quota-exhausted' ||
    kind === 'suspended' ||
    kind === 'upstream-error'
  );
}
