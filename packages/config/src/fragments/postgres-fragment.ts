import { z } from 'zod';
import { envInt } from '../env-parsers.ts';
import { secret } from '../secret.ts';

/** Postgres when `DATABASE_URL` is set; otherwise an embedded Postgres server with its files in `DATA_DIR`. */
export const postgresFragment = {
  DATABASE_URL: secret(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, { error: 'expected a postgres:// or postgresql:// URL' })
      .optional(),
  ),
  DATABASE_POOL_MAX: envInt(10, { min: 1, max: 1_000 }),
  DATA_DIR: z.string().trim().min(1).default('./data'),
};
