import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const tsc = join(repoRoot, 'node_modules/.bin/tsc');
const run = promisify(execFile);

/** Test code: unit tests, benchmarks and their helpers, and the test/ and bench/ folders. */
const testCode = /(\.test\.ts|\.bench\.ts|\/bench-kit\.ts)$|\/(test|bench)\//;

const workspaces = ['packages', 'services'].flatMap((group) =>
  readdirSync(join(repoRoot, group), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `${group}/${entry.name}`),
);

/** The root files `tsc` compiles for a tsconfig, as it resolves include and exclude. */
async function filesOf(tsconfig: string): Promise<string[]> {
  const { stdout } = await run(tsc, ['--showConfig', '-p', join(repoRoot, tsconfig)], {
    maxBuffer: 16 * 1024 * 1024,
  });
  const config = JSON.parse(stdout) as { files?: string[] };
  const dir = join(repoRoot, tsconfig, '..');
  return (config.files ?? []).map((file) => relative(repoRoot, join(dir, file)));
}

function sourceTestsOnDisk(): string[] {
  return workspaces.flatMap((workspace) =>
    readdirSync(join(repoRoot, workspace, 'src'), { recursive: true, encoding: 'utf8' })
      .filter((file) => /\.(test|bench)\.ts$/.test(file))
      .map((file) => `${workspace}/src/${file}`),
  );
}

describe('what `tsc -b` emits into dist', () => {
  it('compiles no test, benchmark or test helper in any workspace', async () => {
    const compiled = await Promise.all(
      workspaces.map(async (workspace) => {
        return { workspace, files: await filesOf(`${workspace}/tsconfig.json`) };
      }),
    );
    for (const { workspace, files } of compiled) {
      expect(files.length, `${workspace} compiles nothing`).toBeGreaterThan(0);
      expect(
        files.filter((file) => testCode.test(`/${file}`)),
        workspace,
      ).toEqual([]);
    }
  });

  it('still type-checks every test and benchmark beside the sources (tsconfig.tests.json)', async () => {
    const checked = new Set(await filesOf('tsconfig.tests.json'));
    const onDisk = sourceTestsOnDisk();
    expect(onDisk.length).toBeGreaterThan(0);
    expect(onDisk.filter((file) => !checked.has(file))).toEqual([]);
  });
});
