import { setTimeout as sleep } from 'node:timers/promises';
import type {
  CallOptions,
  ChannelCredentials,
  Client,
  ClientOptions,
  ClientUnaryCall,
  ServiceError,
} from '@grpc/grpc-js';
import { AppError } from '@kirogate/errors';
import { runInSpan } from '@kirogate/observability';
import { roundRobinChannelOptions } from './balancing.ts';
import { fromGrpcError, isRetryableTransportFailure } from './grpc-error-table.ts';
import { channelCredentials, type InternalAuth, internalMetadata } from './internal-auth.ts';
import { traceMetadata } from './trace-metadata.ts';

type ClientConstructor<C extends Client> = new (
  address: string,
  credentials: ChannelCredentials,
  options?: ClientOptions,
) => C;

/** Method names whose last overload is `(request, callback)`: the unary calls of a generated client. */
export type UnaryMethod<C> = {
  [K in keyof C]: C[K] extends (argument: never, callback: never) => ClientUnaryCall ? K : never;
}[keyof C] &
  string;
type RequestOf<F> = F extends (argument: infer Req, callback: infer _Callback) => ClientUnaryCall
  ? Req
  : never;
type ResponseOf<F> = F extends (argument: infer _Req, callback: infer Callback) => ClientUnaryCall
  ? Callback extends (error: infer _Error, value?: infer Res) => void
    ? Res
    : never
  : never;

export interface GrpcClientOptions {
  /**
   * host:port or any gRPC target (`dns:///broker-headless:50051`, `ipv4:10.0.0.1:50051,10.0.0.2:50051`);
   * calls are balanced round-robin over every address it resolves to.
   */
  target: string;
  /** Applied to every call that does not bring its own; there is no call without a deadline. */
  deadlineMs: number;
  /** Attempts for transport-level UNAVAILABLE (nothing else is retried), within the same deadline. */
  maxAttempts?: number;
  retryDelayMs?: number;
  channelOptions?: ClientOptions;
  /** The deployment's internal token (sent with every call) and optional TLS. */
  auth?: InternalAuth;
}

export interface CallOverrides {
  deadlineMs?: number;
  signal?: AbortSignal;
}

export interface GrpcClient<C extends Client> {
  /** Calls a unary method; failures arrive as AppErrors (the server's own code when it sent one). */
  call<M extends UnaryMethod<C>>(
    method: M,
    request: RequestOf<C[M]>,
    overrides?: CallOverrides,
  ): Promise<ResponseOf<C[M]>>;
  raw: C;
  close(): void;
}

/**
 * A client over plaintext, or TLS when `auth.tls.caFile` is set; every call carries the internal token
 * and the trace context. A call that finds its server gone (UNAVAILABLE before any answer) is retried,
 * and round-robin sends it to another one.
 */
export function createGrpcClient<C extends Client>(
  Constructor: ClientConstructor<C>,
  options: GrpcClientOptions,
): GrpcClient<C> {
  const client = new Constructor(options.target, channelCredentials(options.auth), {
    'grpc.keepalive_time_ms': 30_000,
    'grpc.keepalive_timeout_ms': 10_000,
    'grpc.enable_retries': 0,
    ...roundRobinChannelOptions,
    ...options.channelOptions,
  });
  const maxAttempts = options.maxAttempts ?? 3;
  const retryDelayMs = options.retryDelayMs ?? 50;

  function attempt<R>(method: string, request: unknown, deadline: Date, signal?: AbortSignal): Promise<R> {
    return new Promise((resolve, reject) => {
      const callOptions: CallOptions = { deadline };
      const fn = (client as unknown as Record<string, (...args: unknown[]) => ClientUnaryCall>)[method];
      if (!fn) {
        reject(new AppError('INTERNAL', `No gRPC method ${method}`));
        return;
      }
      const call = fn.call(
        client,
        request,
        internalMetadata(options.auth, traceMetadata()),
        callOptions,
        (error: ServiceError | null, value: R) => (error ? reject(error) : resolve(value)),
      );
      signal?.addEventListener('abort', () => call.cancel(), { once: true });
    });
  }

  return {
    raw: client,
    call(method, request, overrides = {}) {
      // One client span per call (its retries included); the server continues it from the metadata.
      return runInSpan(
        {
          name: `grpc ${method}`,
          kind: 'client',
          attributes: { 'rpc.system': 'grpc', 'rpc.method': method },
        },
        async () => {
          const deadlineMs = overrides.deadlineMs ?? options.deadlineMs;
          const deadline = new Date(Date.now() + deadlineMs);
          for (let n = 1; ; n++) {
            try {
              return await attempt(method, request, deadline, overrides.signal);
            } catch (error) {
              const pause = retryDelayMs * 2 ** (n - 1);
              const retry =
                n < maxAttempts &&
                isRetryableTransportFailure(error) &&
                !overrides.signal?.aborted &&
                Date.now() + pause < deadline.getTime();
              if (!retry) throw fromGrpcError(error as Error, method);
              await sleep(pause);
            }
          }
        },
      );
    },
    close: () => client.close(),
  };
}
