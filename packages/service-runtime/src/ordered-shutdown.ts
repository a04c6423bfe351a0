import type { Logger } from '@kirogate/observability';

/**
 * The order every service stops in: first it refuses new work (readiness fails, listeners close,
 * timers stop), then what is running finishes and queued output is flushed, then clients of other
 * services and upstreams close, and last the shared state and the database it all wrote to.
 */
export const shutdownPhases = ['stopAccepting', 'drain', 'closeClients', 'closePlatform'] as const;
export type ShutdownPhase = (typeof shutdownPhases)[number];

/** Failures here leave work unfinished, so the process exits 1; later phases only release resources. */
const criticalPhases: ReadonlySet<ShutdownPhase> = new Set(['stopAccepting', 'drain']);

interface Step {
  name: string;
  run: () => unknown;
}

/**
 * Steps registered per phase. Phases run one after another; the steps of one phase run together
 * (a service that needs an order inside a phase registers one step that awaits in that order). Every
 * step runs even when an earlier one failed; `run` rejects afterwards when a step of `stopAccepting`
 * or `drain` failed, and logs the failures of the later phases.
 */
export class OrderedShutdown {
  readonly #steps = new Map<ShutdownPhase, Step[]>(shutdownPhases.map((phase) => [phase, []]));
  #running: Promise<void> | undefined;

  add(phase: ShutdownPhase, name: string, run: () => unknown): void {
    this.#steps.get(phase)!.push({ name, run });
  }

  /** Runs every phase once; later calls return the same promise. */
  run(logger: Logger): Promise<void> {
    this.#running ??= this.#runPhases(logger);
    return this.#running;
  }

  async #runPhases(logger: Logger): Promise<void> {
    let firstCritical: unknown;
    for (const phase of shutdownPhases) {
      const steps = this.#steps.get(phase)!;
      const results = await Promise.allSettled(steps.map(async (step) => step.run()));
      results.forEach((result, index) => {
        if (result.status === 'fulfilled') return;
        const step = steps[index]!.name;
        if (criticalPhases.has(phase)) {
          firstCritical ??= result.reason;
          logger.error({ err: result.reason, phase, step }, 'shutdown step failed');
        } else {
          logger.warn({ err: result.reason, phase, step }, 'resource not released cleanly');
        }
      });
    }
    if (firstCritical !== undefined) throw firstCritical;
  }
}
