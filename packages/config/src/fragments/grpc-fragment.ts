import { z } from 'zod';
import { envInt, envPort } from '../env-parsers.ts';

const grpcTarget = z
  .string()
  .trim()
  .regex(/^\S+$/, { error: 'expected a gRPC target such as host:port or dns:///host:port' })
  .optional();

/** Where the services reach each other; unset targets mean direct in-process calls (standalone). */
export const grpcFragment = {
  TOKEN_BROKER_URL: grpcTarget,
  USER_SERVICE_URL: grpcTarget,
  GRPC_PORT: envPort(50_051),
  GRPC_HOST: z.string().trim().min(1).default('0.0.0.0'),
  GRPC_DEADLINE_MS: envInt(5_000, { min: 1 }),
};
