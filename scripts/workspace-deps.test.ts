import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkWorkspaceDeps, findCycles, findWorkspaceImports, readWorkspaces } from './workspace-deps.ts';

let root: string | undefined;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

/** A throw-away repository: `files` maps paths to contents (objects are written as JSON). */
function repo(files: Record<string, string | object>): string {
  root = mkdtempSync(join(tmpdir(), 'kg-workspace-deps-'));
  const all = { 'package.json': { name: 'root', workspaces: ['packages/*', 'services/*'] }, ...files };
  for (const [path, content] of Object.entries(all)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return root;
}

function manifest(name: string, fields: Record<string, Record<string, string>> = {}) {
  return { name, exports: { '.': { source: './src/index.ts', default: './dist/index.js' } }, ...fields };
}

function problems(rootDir: string): string[] {
  const workspaces = readWorkspaces(rootDir);
  return checkWorkspaceDeps(workspaces, (w) => findWorkspaceImports(w, workspaces, rootDir)).map(
    (problem) => problem.message,
  );
}

describe('workspace dependency check', () => {
  it('passes a repository whose imports are declared and whose graph has no cycle', () => {
    const dir = repo({
      'packages/core/package.json': manifest('@x/core'),
      'packages/core/src/index.ts': 'export const core = 1;\n',
      'services/api/package.json': manifest('@x/api', {
        dependencies: { '@x/core': '*' },
        devDependencies: { '@x/sim': '*' },
      }),
      'services/api/src/index.ts': "import { core } from '@x/core';\nexport const api = core;\n",
      'services/api/src/index.test.ts': "import { sim } from '@x/sim';\n",
      'packages/sim/package.json': manifest('@x/sim'),
      'packages/sim/src/index.ts': 'export const sim = 1;\n',
    });
    expect(problems(dir)).toEqual([]);
  });

  it('finds a cycle made of a dependency and a devDependency', () => {
    const dir = repo({
      'services/api/package.json': manifest('@x/api', { devDependencies: { '@x/all': '*' } }),
      'services/api/src/index.ts': '',
      'services/all/package.json': manifest('@x/all', { dependencies: { '@x/api': '*' } }),
      'services/all/src/index.ts': "import '@x/api';\n",
    });
    expect(problems(dir)).toEqual(['dependency cycle: @x/all -> @x/api -> @x/all']);
  });

  it('finds an undeclared import in shipped code, also when it is only a devDependency', () => {
    const dir = repo({
      'packages/core/package.json': manifest('@x/core'),
      'packages/core/src/index.ts': '',
      'services/api/package.json': manifest('@x/api', { devDependencies: { '@x/core': '*' } }),
      'services/api/src/index.ts': "export * from './client.ts';\n",
      'services/api/src/client.ts': "import { core } from '@x/core/sub';\n",
      'services/api/src/main.ts': "await import('../../users/src/index.ts');\n",
      'services/users/package.json': manifest('@x/users'),
      'services/users/src/index.ts': '',
    });
    expect(problems(dir)).toEqual([
      'services/api/src/client.ts imports @x/core ("@x/core/sub") but @x/api does not list it in dependencies',
      'services/api/src/main.ts imports @x/users ("../../users/src/index.ts") but @x/api does not list it in dependencies',
    ]);
  });

  it('asks tests and their helpers in src for a devDependency, also for a relative path into another workspace', () => {
    const dir = repo({
      'packages/testing/package.json': manifest('@x/testing'),
      'packages/testing/src/index.ts': '',
      'services/gateway/package.json': manifest('@x/gateway'),
      'services/gateway/src/index.ts': '',
      'services/broker/package.json': manifest('@x/broker', { devDependencies: { '@x/testing': '*' } }),
      'services/broker/src/index.ts': '',
      // Not reached from the exports: a test helper, so a devDependency is enough.
      'services/broker/src/test-kit.ts': "import '@x/testing';\n",
      'services/broker/test/run.int.test.ts':
        "vi.mock('../../gateway/src/index.ts');\nconst main = new URL('../../gateway/src/main.ts', import.meta.url);\n",
    });
    expect(problems(dir)).toEqual([
      'services/broker/test/run.int.test.ts imports @x/gateway ("../../gateway/src/index.ts") but @x/broker does not list it in devDependencies',
      'services/broker/test/run.int.test.ts imports @x/gateway ("../../gateway/src/main.ts") but @x/broker does not list it in devDependencies',
    ]);
  });

  it('reports each cycle once, starting from its first name', () => {
    const ws = (name: string, deps: string[]) => ({
      name,
      dir: `/${name}`,
      dependencies: new Set(deps),
      devDependencies: new Set<string>(),
      exports: [],
    });
    expect(findCycles([ws('c', ['a']), ws('a', ['b']), ws('b', ['c', 'a']), ws('d', ['a'])])).toEqual([
      ['a', 'b', 'a'],
      ['a', 'b', 'c', 'a'],
    ]);
  });
});
