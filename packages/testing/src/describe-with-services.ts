import { describe, it } from 'vitest';
import { decideServiceUse, type MissingService } from './decide-service-use.ts';
import { locatePostgres } from './locate-postgres.ts';
import { locateRedis } from './locate-redis.ts';
import type { ServiceLocation } from './service-location.ts';

export interface ServiceNeeds {
  readonly postgres?: true;
  readonly redis?: true;
}

/**
 * A `describe` that runs only when the services it needs are reachable. Otherwise it prints why and
 * skips, or fails when `REQUIRE_SERVICES=1`.
 */
export function describeWithServices(name: string, needs: ServiceNeeds, fn: () => void): void {
  describe(name, async () => {
    const missing = await missingServices(needs);
    const use = decideServiceUse(missing, process.env.REQUIRE_SERVICES === '1');
    if (use.action === 'fail') throw new Error(`${name}: ${use.reason}`);
    if (use.action === 'skip') {
      console.warn(`[skipped] ${name}: ${use.reason}`);
      it.skip(`needs ${use.reason}`, () => undefined);
      return;
    }
    fn();
  });
}

async function missingServices(needs: ServiceNeeds): Promise<MissingService[]> {
  const [postgres, redis] = await Promise.all([
    needs.postgres ? locatePostgres() : undefined,
    needs.redis ? locateRedis() : undefined,
  ]);
  return [missing('postgres', postgres), missing('redis', redis)].filter((entry) => entry !== undefined);
}

function missing(service: MissingService['service'], location: ServiceLocation | undefined) {
  if (location === undefined || location.available) return undefined;
  return { service, reason: location.reason };
}
