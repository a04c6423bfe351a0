import { gatewayConfigFields } from '@kirogate/api-gateway';
import {
  checkHttpServerTimeouts,
  envInt,
  envSecondsAsMs,
  notPlaceholder,
  postgresFragment,
  secret,
  secretsFragment,
} from '@kirogate/config';
import { userServiceConfigFields } from '@kirogate/user-service';
import { workerConfigFields } from '@kirogate/worker';
import { z } from 'zod';

/** Everything in one process: the gateway's settings plus those of the services it hosts. */
export const standaloneConfigSchema = z
  .object({
    ...userServiceConfigFields,
    ...workerConfigFields,
    ...gatewayConfigFields,
    ...postgresFragment,
    ...secretsFragment,
    SERVICE_NAME: z.string().trim().min(1).default('kirogate'),
    /** Standalone keeps a generated one in DATA_DIR when unset, so sessions survive restarts. */
    USER_SESSION_SECRET: secret(
      notPlaceholder(z.string().min(16, { error: 'expected at least 16 characters' })).optional(),
    ),
    /** Concurrent requests one credential may carry before the broker prefers another. */
    MAX_IN_FLIGHT_PER_CREDENTIAL: envInt(16, { min: 1, max: 1000 }),
    /** Refresh an access token when it expires within this many seconds. */
    TOKEN_REFRESH_THRESHOLD: envSecondsAsMs(600),
    /** Rotated refresh tokens are journaled here (sealed) until the database has them; default DATA_DIR/token-journal. */
    TOKEN_JOURNAL_DIR: z.string().trim().min(1).optional(),
  })
  .superRefine(checkHttpServerTimeouts);

export type StandaloneConfig = z.infer<typeof standaloneConfigSchema>;
