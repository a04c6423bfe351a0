import { ConfigError } from '@kirogate/config';
import type { Logger } from '@kirogate/observability';
import { releaseMemoryWhenIdle } from './idle-memory-release.ts';

export interface RunningService {
  logger: Logger;
  /** Drains and releases everything; the process exits when it settles. */
  stop(): Promise<void>;
}

/**
 * A service's process lifecycle: an invalid configuration exits 2 with the message (never a stack
 * trace); SIGTERM or SIGINT stops the service once, then exits 0, or 1 when stopping failed. While it
 * runs, memory goes back to the system when the process falls idle (with `--expose-gc`).
 */
export async function runService(
  start: () => Promise<RunningService>,
  options: { stoppingMessage: string },
): Promise<void> {
  let service: RunningService;
  try {
    service = await start();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const stopReleasing = releaseMemoryWhenIdle();
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    stopReleasing();
    service.logger.info({ signal }, options.stoppingMessage);
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        service.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
