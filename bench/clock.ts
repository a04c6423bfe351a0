/**
 * Microseconds on the monotonic hrtime clock. Wall-clock time can step under NTP, which would show up
 * as impossible gaps in a latency histogram.
 */
export function nowUs(): number {
  return Number(process.hrtime.bigint()) / 1000;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
