/**
 * The api-gateway chat suite (official OpenAI and Anthropic SDKs: text, streaming, tools, images,
 * thinking, usage) run unchanged in the scaled topology: its harness is swapped for one that starts
 * the gateway and the token broker as separate processes talking gRPC.
 */
import { vi } from 'vitest';

vi.mock('../../api-gateway/test/support/start-test-gateway.ts', async (importOriginal) => {
  const original =
    await importOriginal<typeof import('../../api-gateway/test/support/start-test-gateway.ts')>();
  const { startScaledTestGateway } = await import('./support/start-scaled-test-gateway.ts');
  return { ...original, startTestGateway: startScaledTestGateway };
});

await import('../../api-gateway/test/chat.int.test.ts');
