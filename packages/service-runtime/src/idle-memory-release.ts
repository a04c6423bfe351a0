import { performance } from 'node:perf_hooks';

/**
 * Gives memory back to the operating system once a process goes quiet.
 *
 * V8 has a memory reducer for exactly this, but in our processes it never runs: its idle test also
 * asks for a low allocation rate of the embedder's (cppgc) heap, and Node's few cppgc objects give
 * that heap a near-zero measured collection speed, so every check reads "high alloc" (seen with
 * `--trace-memory-reducer --trace-mutator-utilization`). The heap then keeps whatever start-up or
 * the last burst left: an idle `npm start` gateway held 150–215 MB, and 130–135 MB after one
 * memory-reducing collection (ADR 0004).
 *
 * With `--expose-gc` (as `npm start` and the image run Node), this looks at the process every
 * `intervalMs` and runs that collection when the interval was quiet and the resident set has grown
 * by `minGrowthBytes` since the last one. Without `--expose-gc` it does nothing.
 */
export interface IdleMemoryReleaseOptions {
  intervalMs: number;
  /** An interval whose event-loop utilisation is below this is quiet. */
  idleUtilization: number;
  /** Growth of the resident set since the last collection that makes another worth its pause. */
  minGrowthBytes: number;
}

export const idleMemoryReleaseDefaults: IdleMemoryReleaseOptions = {
  intervalMs: 10_000,
  idleUtilization: 0.02,
  minGrowthBytes: 16 * 1024 * 1024,
};

/** Whether one interval calls for a collection; pure, so the rule is tested without timers. */
export function shouldReleaseMemory(
  reading: { utilization: number; rssBytes: number },
  rssAfterLastCollection: number,
  options: IdleMemoryReleaseOptions,
): boolean {
  return (
    reading.utilization < options.idleUtilization &&
    reading.rssBytes - rssAfterLastCollection >= options.minGrowthBytes
  );
}

/** Starts looking; returns the function that stops it. The timer never holds the process open. */
export function releaseMemoryWhenIdle(
  options: IdleMemoryReleaseOptions = idleMemoryReleaseDefaults,
  collect: ((options: NodeJS.GCOptions) => void) | undefined = globalThis.gc,
  rss: () => number = process.memoryUsage.rss,
): () => void {
  if (!collect) return () => undefined;
  let last = performance.eventLoopUtilization();
  // Nothing collected yet: whatever start-up left counts as growth.
  let rssAfterLastCollection = 0;
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const { utilization } = performance.eventLoopUtilization(now, last);
    last = now;
    const rssBytes = rss();
    if (!shouldReleaseMemory({ utilization, rssBytes }, rssAfterLastCollection, options)) return;
    // "last-resort" is V8's memory-reducing full collection, the one its memory reducer would run:
    // it compacts and gives pooled pages back; a regular major collection keeps them. About 100 ms
    // for the gateway's heap, on a quiet process.
    collect({ type: 'major', flavor: 'last-resort' });
    rssAfterLastCollection = rss();
    last = performance.eventLoopUtilization();
  }, options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
