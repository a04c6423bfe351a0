import { defineConfig } from 'vitest/config';

const shared = {
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
};

export default defineConfig({
  test: {
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
        },
      },
      {
        ...shared,
        test: {
          name: 'integration',
          include: ['{packages,services}/*/test/**/*.int.test.ts', 'test/**/*.int.test.ts'],
          exclude: ['**/node_modules/**', '**/dist/**'],
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
