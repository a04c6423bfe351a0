import { randomBytes } from 'node:crypto';
import type { KiroSim } from '@kirogate/kiro-sim';
import {
  gatewayClients,
  type TestGateway,
} from '../../services/standalone/test/gateway/support/start-test-gateway.ts';
import { spawnBroker, spawnGateway } from '../../services/token-broker/test/support/broker-process.ts';
import { sharedServices } from '../../services/token-broker/test/support/test-env.ts';

/**
 * `startTestGateway` of the api-gateway suite, in the scaled topology: the gateway (`src/main.ts`) and
 * the token broker as two processes over gRPC, the broker on a Postgres database and a Redis
 * namespace of their own. `env` goes to both; each takes the variables it knows.
 */
export async function startScaledTestGateway(
  sim: KiroSim,
  env: Record<string, string> = {},
): Promise<TestGateway> {
  const proxyApiKey = `test-proxy-${randomBytes(8).toString('hex')}`;
  const refreshToken = `aor${randomBytes(90).toString('base64url')}`;
  const services = await sharedServices();
  const kiro = { KIRO_API_URL: sim.url, KIRO_AUTH_URL: sim.url, KIRO_OIDC_URL: sim.url };
  const broker = await spawnBroker({
    ...kiro,
    DATABASE_URL: services.postgres.url,
    REDIS_URL: services.redis.url,
    REDIS_KEY_PREFIX: services.redis.keyPrefix,
    TOKEN_ENCRYPT_KEY: services.encryptKey,
    REFRESH_TOKEN: refreshToken,
    ...env,
  });
  const gateway = await spawnGateway({
    ...kiro,
    TOKEN_BROKER_URL: `127.0.0.1:${broker.grpcPort}`,
    PROXY_API_KEY: proxyApiKey,
    ...env,
  });
  const url = gateway.url;
  let stopped = false;
  return {
    url,
    proxyApiKey,
    refreshToken,
    // Nothing in-process here; the suite's tests that reach into the standalone do not run scaled.
    standalone: undefined as unknown as TestGateway['standalone'],
    ...gatewayClients(url, proxyApiKey),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await gateway.stop();
      await broker.stop();
      await services.cleanup();
    },
  };
}
