import { describe, expect, it, vi } from 'vitest';
import {
  idleMemoryReleaseDefaults,
  releaseMemoryWhenIdle,
  shouldReleaseMemory,
} from './idle-memory-release.ts';

const MB = 1024 * 1024;
const options = { intervalMs: 10_000, idleUtilization: 0.02, minGrowthBytes: 16 * MB };

describe('shouldReleaseMemory', () => {
  it('collects in a quiet interval once the resident set has grown enough since the last collection', () => {
    expect(shouldReleaseMemory({ utilization: 0.005, rssBytes: 150 * MB }, 130 * MB, options)).toBe(true);
    expect(shouldReleaseMemory({ utilization: 0.005, rssBytes: 140 * MB }, 130 * MB, options)).toBe(false);
  });

  it('never collects while the process is busy, however much it has grown', () => {
    expect(shouldReleaseMemory({ utilization: 0.3, rssBytes: 900 * MB }, 130 * MB, options)).toBe(false);
    expect(shouldReleaseMemory({ utilization: 0.02, rssBytes: 900 * MB }, 130 * MB, options)).toBe(false);
  });
});

describe('releaseMemoryWhenIdle', () => {
  it('does nothing without a collector (Node started without --expose-gc)', () => {
    const setInterval = vi.spyOn(globalThis, 'setInterval');
    try {
      const stop = releaseMemoryWhenIdle(idleMemoryReleaseDefaults, undefined);
      expect(setInterval).not.toHaveBeenCalled();
      stop();
    } finally {
      setInterval.mockRestore();
    }
  });

  it("runs V8's memory-reducing collection when quiet, then waits for the next growth", async () => {
    let rss = 200 * MB;
    const collect = vi.fn<(options: NodeJS.GCOptions) => void>(() => {
      rss = 130 * MB;
    });
    // Every interval of this idle test process is quiet against a 99 % line.
    const quick = { intervalMs: 10, idleUtilization: 0.99, minGrowthBytes: 16 * MB };
    const stop = releaseMemoryWhenIdle(quick, collect, () => rss);
    try {
      await vi.waitFor(() => expect(collect).toHaveBeenCalledTimes(1), { timeout: 2_000, interval: 5 });
      expect(collect).toHaveBeenCalledWith({ type: 'major', flavor: 'last-resort' });
      rss = 140 * MB;
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(collect).toHaveBeenCalledTimes(1);
      rss = 150 * MB;
      await vi.waitFor(() => expect(collect).toHaveBeenCalledTimes(2), { timeout: 2_000, interval: 5 });
    } finally {
      stop();
    }
  });
});
