/**
 * The api-gateway streams suite run unchanged in the scaled topology: its harness is swapped for one
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

await import('../../services/standalone/test/gateway/streams.int.test.ts');
