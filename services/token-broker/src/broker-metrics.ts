import type { CallObserver } from '@kirogate/grpc';
import type { Metrics } from '@kirogate/observability';
import type { DrizzleCredentialStore } from './drizzle-credential-store.ts';
import type { TokenBroker, TokenBrokerEvents } from './token-broker.ts';

export interface BrokerMetrics {
  events: TokenBrokerEvents;
  grpc: CallObserver;
  /** Gauges read at scrape time: pool size by state, in flight, credits per credential id. */
  observe(broker: TokenBroker, store: DrizzleCredentialStore | undefined): void;
}

/** Token-broker metrics. Labels are results, classes, states and credential ids: never a secret. */
export function brokerMetrics(metrics: Metrics): BrokerMetrics {
  const leases = metrics.counter({
    name: 'broker_leases_total',
    help: 'Leases by result',
    labelNames: ['result'],
  });
  const refreshes = metrics.counter({
    name: 'broker_refreshes_total',
    help: 'Access-token refreshes by result (reused = another replica refreshed while we waited)',
    labelNames: ['result'],
  });
  const lockWait = metrics.histogram({
    name: 'broker_refresh_lock_wait_seconds',
    help: 'Time to acquire the per-credential refresh lock',
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
  });
  const cooldowns = metrics.counter({
    name: 'broker_cooldowns_total',
    help: 'Credentials put to rest, by class',
    labelNames: ['class'],
  });
  const statusChanges = metrics.counter({
    name: 'broker_status_changes_total',
    help: 'Credentials taken out of rotation, by new status',
    labelNames: ['status'],
  });
  const grpcSeconds = metrics.histogram({
    name: 'grpc_server_handled_seconds',
    help: 'gRPC calls handled, by method and status code',
    labelNames: ['method', 'code'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1, 5],
  });
  let source: { broker: TokenBroker; store: DrizzleCredentialStore | undefined } | undefined;
  metrics.gauge({
    name: 'broker_pool_credentials',
    help: 'Credentials by state (cooling_down and in_flight are subsets of active)',
    labelNames: ['state'],
    collect: async (gauge) => {
      if (!source) return;
      const pool = await source.broker.poolStatus().catch(() => undefined);
      if (!pool) return;
      for (const [state, n] of Object.entries(pool.byStatus)) gauge.set({ state }, n);
      gauge.set({ state: 'cooling_down' }, pool.coolingDown);
      gauge.set({ state: 'in_flight' }, pool.inFlight);
    },
  });
  metrics.gauge({
    name: 'broker_credential_available_credits',
    help: 'Credits left per credential as of its last health check',
    labelNames: ['credential_id'],
    collect: async (gauge) => {
      const credits = await source?.store?.credits().catch(() => []);
      for (const entry of credits ?? []) gauge.set({ credential_id: entry.id }, entry.available);
    },
  });
  return {
    events: {
      leased: (result) => leases.inc({ result }),
      refreshed: (result) => refreshes.inc({ result }),
      lockWaited: (seconds) => lockWait.observe({}, seconds),
      cooledDown: (cooldown) => cooldowns.inc({ class: cooldown }),
      statusChanged: (_id, status) => statusChanges.inc({ status }),
    },
    grpc: (method, code, seconds) => grpcSeconds.observe({ method, code }, seconds),
    observe: (broker, store) => {
      source = { broker, store };
    },
  };
}
