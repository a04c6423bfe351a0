import type { CallObserver } from '@kirogate/grpc';
import type { Metrics } from '@kirogate/observability';

export interface UserServiceMetrics {
  login(provider: string, result: string): void;
  adminLogin(result: 'ok' | 'wrong_password' | 'rate_limited'): void;
  /** For `unaryHandlers` / `userGrpcService`. */
  grpcCall: CallObserver;
}

const noop: UserServiceMetrics = {
  login: () => undefined,
  adminLogin: () => undefined,
  grpcCall: () => undefined,
};

/** Counters for logins and a histogram of gRPC calls; labels are closed sets, never user data. */
export function userServiceMetrics(metrics: Metrics | undefined): UserServiceMetrics {
  if (!metrics) return noop;
  const logins = metrics.counter({
    name: 'user_logins_total',
    help: 'OAuth logins by provider and result (ok, state, provider, banned, trust_level, registration_closed)',
    labelNames: ['provider', 'result'],
  });
  const adminLogins = metrics.counter({
    name: 'admin_logins_total',
    help: 'Admin password logins by result',
    labelNames: ['result'],
  });
  const grpc = metrics.histogram({
    name: 'user_service_grpc_seconds',
    help: 'gRPC calls served by user-service, by method and status',
    labelNames: ['method', 'code'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1],
  });
  return {
    login: (provider, result) => logins.inc({ provider, result }),
    adminLogin: (result) => adminLogins.inc({ result }),
    grpcCall: (method, code, seconds) => grpc.observe({ method, code }, seconds),
  };
}
