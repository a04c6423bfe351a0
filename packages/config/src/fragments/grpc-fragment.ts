import { z } from 'zod';
import { envInt, envPort } from '../env-parsers.ts';
import { secret } from '../secret.ts';

const grpcTarget = z
  .string()
  .trim()
  .regex(/^\S+$/, { error: 'expected a gRPC target such as host:port or dns:///host:port' })
  .optional();
const pemFile = z.string().trim().min(1).optional();

/**
 * How services of one deployment prove themselves to each other on gRPC: a shared token sent with
 * every call (required wherever gRPC is used) and optional TLS.
 */
export const internalAuthFragment = {
  INTERNAL_TOKEN: secret(z.string().min(32, { error: 'expected at least 32 characters' }).optional()),
  /** Server side: certificate chain and key (PEM); both or neither. */
  GRPC_TLS_CERT_FILE: pemFile,
  GRPC_TLS_KEY_FILE: pemFile,
  /** Client side: the CA that signed the servers' certificates (PEM); set = TLS. */
  GRPC_TLS_CA_FILE: pemFile,
};

/** Where the services reach each other; unset targets mean direct in-process calls (standalone). */
export const grpcFragment = {
  TOKEN_BROKER_URL: grpcTarget,
  USER_SERVICE_URL: grpcTarget,
  GRPC_PORT: envPort(50_051),
  GRPC_HOST: z.string().trim().min(1).default('0.0.0.0'),
  GRPC_DEADLINE_MS: envInt(5_000, { min: 1 }),
  ...internalAuthFragment,
};

interface InternalAuthSettings {
  INTERNAL_TOKEN?: string | undefined;
  GRPC_TLS_CERT_FILE?: string | undefined;
  GRPC_TLS_KEY_FILE?: string | undefined;
  GRPC_TLS_CA_FILE?: string | undefined;
}

/** The `auth` option of `startGrpcServer` and `createGrpcClient`. */
export function internalAuthFrom(config: InternalAuthSettings) {
  return {
    token: config.INTERNAL_TOKEN,
    tls: {
      certFile: config.GRPC_TLS_CERT_FILE,
      keyFile: config.GRPC_TLS_KEY_FILE,
      caFile: config.GRPC_TLS_CA_FILE,
    },
  };
}

/**
 * Apply with `superRefine` where a service speaks gRPC to another (`uses` says whether it does with
 * this config): the token is then required, and a TLS certificate needs its key.
 */
export function checkInternalAuth(config: InternalAuthSettings, ctx: z.RefinementCtx, uses: boolean): void {
  if (uses && !config.INTERNAL_TOKEN) {
    ctx.addIssue({
      code: 'custom',
      path: ['INTERNAL_TOKEN'],
      message: 'is required when services call each other over gRPC (the same value for every service)',
    });
  }
  if (Boolean(config.GRPC_TLS_CERT_FILE) !== Boolean(config.GRPC_TLS_KEY_FILE)) {
    ctx.addIssue({
      code: 'custom',
      path: ['GRPC_TLS_KEY_FILE'],
      message: 'GRPC_TLS_CERT_FILE and GRPC_TLS_KEY_FILE go together',
    });
  }
}
