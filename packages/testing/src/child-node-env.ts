/**
 * What a Node child process that a test starts with an environment of its own still takes from the
 * test's: PATH, and Node's on-disk compile cache when the run has one (`vitest.config.ts` sets it),
 * so the dozens of service processes the suites start do not each parse and type-strip every
 * module again.
 */
export function childNodeEnv(): Record<string, string> {
  const cache = process.env.NODE_COMPILE_CACHE;
  return { PATH: process.env.PATH ?? '', ...(cache ? { NODE_COMPILE_CACHE: cache } : {}) };
}
