interface TracingSdk {
  shutdown(): Promise<void>;
}

/**
 * A global slot rather than a module variable: `--import` may resolve this package through a different
 * export condition than the application does, which would load the module twice.
 */
const slot = Symbol.for('kirogate.observability.tracing-sdk');

type GlobalWithSdk = typeof globalThis & { [slot]?: TracingSdk };

export function setTracingSdk(sdk: TracingSdk): void {
  (globalThis as GlobalWithSdk)[slot] = sdk;
}

/**
 * Flushes and stops tracing; part of every service's shutdown sequence, after the servers have drained.
 * A no-op when tracing was never started.
 */
export async function shutdownTracing(): Promise<void> {
  const global = globalThis as GlobalWithSdk;
  const sdk = global[slot];
  delete global[slot];
  await sdk?.shutdown();
}
