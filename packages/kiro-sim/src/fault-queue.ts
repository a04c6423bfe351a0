import type { Fault } from './fault.ts';

interface QueuedFaults {
  faults: Fault[];
  remaining: number;
}

interface ScenarioStep {
  faults: Fault[];
  count: number;
}

/**
 * Faults for upcoming chat requests: first those queued through the control API, then the
 * scenario's steps (cycling when the scenario repeats).
 */
export class FaultQueue {
  readonly #steps: ScenarioStep[];
  readonly #repeat: boolean;
  #queued: QueuedFaults[] = [];
  #stepIndex = 0;
  #stepUsed = 0;

  constructor(steps: Array<{ fault: Fault[]; count: number }>, repeat: boolean) {
    this.#steps = steps.map((step) => ({ faults: step.fault, count: step.count }));
    this.#repeat = repeat;
  }

  push(faults: Fault[], count: number): void {
    this.#queued.push({ faults, remaining: count });
  }

  /** The faults for the next chat request (possibly none), consuming one use. */
  next(): Fault[] {
    const queued = this.#queued[0];
    if (queued) {
      queued.remaining--;
      if (queued.remaining === 0) this.#queued.shift();
      return queued.faults;
    }
    if (this.#stepIndex >= this.#steps.length) {
      if (!this.#repeat || this.#steps.length === 0) return [];
      this.#stepIndex = 0;
    }
    const step = this.#steps[this.#stepIndex]!;
    this.#stepUsed++;
    if (this.#stepUsed >= step.count) {
      this.#stepIndex++;
      this.#stepUsed = 0;
    }
    return step.faults;
  }

  pending(): Array<{ faults: Fault[]; remaining: number }> {
    return this.#queued.map((entry) => ({ ...entry }));
  }

  clearQueued(): void {
    this.#queued = [];
  }

  /** Clears the queue and starts the scenario over. */
  reset(): void {
    this.#queued = [];
    this.#stepIndex = 0;
    this.#stepUsed = 0;
  }
}
