import { z } from 'zod';
import { envPort } from '../env-parsers.ts';
import { envLogLevel } from '../log-level.ts';
import { otelFragment } from './otel-fragment.ts';

/** Logging, the admin listener for `/metrics` and probes (never the public port), and tracing. */
export const observabilityFragment = {
  LOG_LEVEL: envLogLevel('info'),
  METRICS_PORT: envPort(9464),
  METRICS_HOST: z.string().trim().min(1).default('0.0.0.0'),
  /** Each service spreads its own default over this one. */
  SERVICE_NAME: z.string().trim().min(1).default('kirogate'),
  ...otelFragment,
};
