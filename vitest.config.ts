import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take longest, in that order (a build of the image, the scaled error suite's dozen
 * process pairs, BullMQ's 30 s stalled-job check, the fault matrix). They start first so that none of
 * them is left running alone at the end; vitest's own order only knows durations from an earlier
 * run, and CI runs on a clean clone.
 */
const startFirst = [
  'test/image-smoke.int.test.ts',
  'test/scaled/scaled-errors-suite.int.test.ts',
  'services/worker/test/crash-recovery.int.test.ts',
  'test/chaos.int.test.ts',
  'services/standalone/test/gateway/errors.int.test.ts',
];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const index = startFirst.findIndex((path) => spec.moduleId.endsWith(`/${path}`));
      return index === -1 ? startFirst.length : index;
    };
    return sorted
      .map((spec, position) => ({ spec, position }))
      .sort((a, b) => rank(a.spec) - rank(b.spec) || a.position - b.position)
      .map(({ spec }) => spec);
  }
}

const cores = availableParallelism();

// Node's on-disk compile cache for this run and the processes it starts: the suites start dozens of
// service processes from the same TypeScript sources, and a cached start parses nothing again
// (about a third less CPU per start on this VM). Entries are checked against the source's hash.
process.env.NODE_COMPILE_CACHE ??= fileURLToPath(
  new URL('node_modules/.cache/node-compile-cache', import.meta.url),
);

const shared = {
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
};

export default defineConfig({
  test: {
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        ...shared,
        test: {
          name: 'unit',
          include: [
            '{packages,services}/*/src/**/*.test.ts',
            'scripts/**/*.test.ts',
            'test/static/**/*.test.ts',
          ],
          exclude: ['**/node_modules/**', '**/dist/**'],
          // Unit tests are CPU-bound and share most of their modules: one module graph per worker
          // instead of one per file (141 files: 179 s -> 25 s on the 2-core VM). A unit test that
          // changes global state (fake timers, process.env) puts it back.
          isolate: false,
          maxWorkers: cores,
          sequence: { groupOrder: 0 },
        },
      },
      {
        ...shared,
        test: {
          name: 'integration',
          include: ['{packages,services}/*/test/**/*.int.test.ts', 'test/**/*.int.test.ts'],
          exclude: ['**/node_modules/**', '**/dist/**'],
          // These mostly wait (on servers, child processes, Postgres, BullMQ's timers), so more files
          // run at once than there are cores; vitest's default (cores - 1) ran them one at a time on a
          // 2-core machine. Every file has its own ports, databases and Redis prefix.
          maxWorkers: cores + 1,
          sequence: { groupOrder: 1 },
          testTimeout: 60_000,
          // Stacks that start several gateways, each with its own embedded Postgres, take minutes on a
          // loaded 2-core machine; the bound only keeps a hung start from waiting forever.
          hookTimeout: 240_000,
          // expect.poll's default second is short for a browser, a child process or Redis on a busy
          // CI machine; the bound only keeps a broken build from waiting out the test timeout.
          expect: { poll: { timeout: 10_000 } },
          // These publish their TypeScript under the `source` condition too (the Vercel AI SDK and what
          // it loads): Vite must transform them, as Node does not strip types under node_modules.
          server: {
            deps: {
              inline: [
                /node_modules\/(ai|eventsource|eventsource-parser|@ai-sdk\/[^/]+|@modelcontextprotocol\/[^/]+|@openai\/agents[^/]*)\//,
              ],
            },
          },
        },
      },
    ],
  },
});
