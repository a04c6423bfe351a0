import {
  type handleUnaryCall,
  Metadata,
  Server,
  type ServerUnaryCall,
  type ServiceDefinition,
  type sendUnaryData,
  status,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { runWithTraceCarrier } from '@kirogate/observability';
import { HealthImplementation, type ServingStatus } from 'grpc-health-check';
import { serverConnectionAge } from './balancing.ts';
import { toGrpcStatus } from './grpc-error-table.ts';
import { type InternalAuth, requireInternalToken, serverCredentials } from './internal-auth.ts';
import { traceCarrierFrom } from './trace-metadata.ts';

/** Each unary handler of a generated `…Handlers` interface as a plain async function. */
export type AsyncHandlers<H> = {
  [K in keyof H as string extends K ? never : K]: H[K] extends handleUnaryCall<infer Req, infer Res>
    ? (request: Req, call: ServerUnaryCall<Req, Res>) => Promise<Res>
    : never;
};

/** Observes every finished call: method name, gRPC status name, seconds. */
export type CallObserver = (method: string, code: string, seconds: number) => void;

/** Adapts async handlers to grpc-js callbacks; every failure goes through the one error table. */
export function unaryHandlers<H>(
  handlers: AsyncHandlers<H>,
  observe?: CallObserver,
): UntypedServiceImplementation {
  const implementation: UntypedServiceImplementation = {};
  for (const [method, handler] of Object.entries(handlers) as [
    string,
    (r: unknown, c: unknown) => Promise<unknown>,
  ][]) {
    implementation[method] = (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
      const started = performance.now();
      // The caller's trace continues here, and its request id is this call's request context.
      runWithTraceCarrier(
        traceCarrierFrom(call.metadata),
        { name: method, kind: 'server', attributes: { 'rpc.system': 'grpc', 'rpc.method': method } },
        () => handler(call.request, call),
      ).then(
        (response) => {
          observe?.(method, 'OK', (performance.now() - started) / 1000);
          callback(null, response);
        },
        (error: unknown) => {
          const failure = toGrpcStatus(error, new Metadata());
          observe?.(method, status[failure.code] ?? 'UNKNOWN', (performance.now() - started) / 1000);
          callback(failure);
        },
      );
    };
  }
  return implementation;
}

export interface GrpcServiceRegistration {
  /** Fully qualified, for the health service, e.g. `kirogate.tokenbroker.v1.TokenBrokerService`. */
  name: string;
  definition: ServiceDefinition;
  implementation: UntypedServiceImplementation;
}

export interface GrpcServerOptions {
  host: string;
  port: number;
  services: GrpcServiceRegistration[];
  /** How long a client connection may live before the server asks it to reconnect (re-resolve). */
  maxConnectionAgeMs?: number;
  /** Token every call must carry and optional TLS; the health service stays open for probes. */
  auth?: InternalAuth;
}

export interface RunningGrpcServer {
  port: number;
  /** Sets the grpc.health.v1 status of every registered service and of the server as a whole (""). */
  setServing(serving: boolean): void;
  /** Stops accepting calls, lets running ones finish for `graceMs`, then cancels the rest. */
  shutdown(graceMs: number): Promise<void>;
}

export async function startGrpcServer(options: GrpcServerOptions): Promise<RunningGrpcServer> {
  const server = new Server({
    'grpc.max_receive_message_length': 4 * 1024 * 1024,
    'grpc.max_connection_age_ms': options.maxConnectionAgeMs ?? serverConnectionAge.maxAgeMs,
    'grpc.max_connection_age_grace_ms': serverConnectionAge.graceMs,
  });
  const names = ['', ...options.services.map((service) => service.name)];
  const health = new HealthImplementation(Object.fromEntries(names.map((name) => [name, 'NOT_SERVING'])));
  health.addToServer(server);
  const token = options.auth?.token;
  for (const service of options.services) {
    server.addService(
      service.definition,
      token ? requireInternalToken(service.implementation, token) : service.implementation,
    );
  }
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${options.host}:${options.port}`, serverCredentials(options.auth), (error, bound) =>
      error ? reject(error) : resolve(bound),
    );
  });
  return {
    port,
    setServing(serving) {
      const value: ServingStatus = serving ? 'SERVING' : 'NOT_SERVING';
      for (const name of names) health.setStatus(name, value);
    },
    async shutdown(graceMs) {
      for (const name of names) health.setStatus(name, 'NOT_SERVING');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, graceMs);
        timer.unref();
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}
