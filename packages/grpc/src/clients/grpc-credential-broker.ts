import type { CredentialBroker, Lease, LeaseOutcome, LeaseRequest } from '@kirogate/contracts';
import type { Metrics } from '@kirogate/observability';
import { createGrpcClient, type GrpcClient } from '../create-grpc-client.ts';
import type { LeaseOutcomeReport } from '../generated/kirogate/tokenbroker/v1/LeaseOutcomeReport.ts';
import type { TokenBrokerServiceClient } from '../generated/kirogate/tokenbroker/v1/TokenBrokerService.ts';
import type { InternalAuth } from '../internal-auth.ts';
import { loadTokenBrokerProto } from '../load-token-broker-proto.ts';
import { leaseFromProto, leaseRequestToProto, outcomeToProto } from '../token-broker-codec.ts';

export interface GrpcCredentialBrokerOptions {
  /** TOKEN_BROKER_URL: host:port or a gRPC target such as `dns:///token-broker:50051`. */
  target: string;
  /** Deadline of every RPC (GRPC_DEADLINE_MS). */
  deadlineMs: number;
  /** Reports queued beyond this (broker unreachable) are dropped and counted. */
  maxQueuedReports: number;
  metrics?: Metrics;
  /** INTERNAL_TOKEN and optional TLS. */
  auth?: InternalAuth;
}

const maxReportsPerCall = 500;

/**
 * The token broker over gRPC. Reports never block a response: they are queued, sent in batches, and
 * dropped (counted) when the broker is down. Lease reuse sits in front of it
 * (the gateway's `ReusingCredentialBroker`), as it does in front of the in-process broker.
 */
export class GrpcCredentialBroker implements CredentialBroker {
  readonly #options: GrpcCredentialBrokerOptions;
  readonly #client: GrpcClient<TokenBrokerServiceClient>;
  #queue: LeaseOutcomeReport[] = [];
  #scheduled = false;
  #sending: Promise<void> | undefined;
  readonly #dropped;
  readonly #rpcSeconds;

  constructor(options: GrpcCredentialBrokerOptions) {
    this.#options = options;
    this.#client = createGrpcClient(loadTokenBrokerProto().TokenBrokerService, {
      target: options.target,
      deadlineMs: options.deadlineMs,
      ...(options.auth ? { auth: options.auth } : {}),
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
    const proto = await this.#rpc('leaseCredential', () =>
      this.#client.call('leaseCredential', leaseRequestToProto(request)),
    );
    return leaseFromProto(proto);
  }

  async refreshLease(leaseId: string): Promise<Lease> {
    const proto = await this.#rpc('refreshLease', () => this.#client.call('refreshLease', { leaseId }));
    return leaseFromProto(proto);
  }

  report(leaseId: string, outcome: LeaseOutcome): void {
    if (this.#queue.length >= this.#options.maxQueuedReports) {
      this.#dropped?.inc();
      return;
    }
    this.#queue.push(outcomeToProto(leaseId, outcome));
    if (this.#scheduled) return;
    this.#scheduled = true;
    // Reports of one tick travel together; while a batch is on the wire the next one accumulates, so
    // the broker's in-flight counts lag by one round trip at most, and an idle gateway sends at once.
    setImmediate(() => {
      this.#scheduled = false;
      void this.#pump();
    });
  }

  /** Sends what is queued and closes the channel; reports after this are dropped. */
  async close(): Promise<void> {
    await this.#sending;
    await this.#pump();
    this.#client.close();
  }

  /** The gRPC client, for health checks of the broker (PoolStatus). */
  get client(): GrpcClient<TokenBrokerServiceClient> {
    return this.#client;
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
