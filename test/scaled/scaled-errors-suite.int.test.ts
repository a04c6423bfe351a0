/**
 * The api-gateway errors suite run unchanged in the scaled topology: its harness is swapped for one
 * that starts the gateway and the token broker as separate processes talking gRPC.
 */
import { vi } from 'vitest';

vi.mock('../../services/standalone/test/gateway/support/start-test-gateway.ts', async (importOriginal) => {
  const original =
    await importOriginal<
      typeof import('../../services/standalone/test/gateway/support/start-test-gateway.ts')
    >();
  const { startScaledTestGateway } = await import('./start-scaled-test-gateway.ts');
  return { ...original, startTestGateway: startScaledTestGateway };
});

// Some of its tests start two gateway and broker process pairs per protocol; with other files running
// beside it on a 2-core machine that can outlast the default bound, which only catches a hang.
vi.setConfig({ testTimeout: 180_000 });

await import('../../services/standalone/test/gateway/errors.int.test.ts');
