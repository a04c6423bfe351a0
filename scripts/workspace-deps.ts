/**
 * The dependency rules between the npm workspaces (packages/*, services/*):
 * - the graph of declared `@kirogate/*` dependencies (dependencies, devDependencies, optional and peer)
 *   has no cycle;
 * - what a workspace imports from another one is declared. Shipped code needs `dependencies`: the
 *   files its `exports` and its entry scripts (`main.ts` and `*-main.ts` under `src`) reach by relative
 *   imports. Everything else (tests, their helpers, benches, scripts) needs `devDependencies` at least.
 *   An import counts whether it names the package (`@kirogate/x`) or reaches into its folder by a
 *   relative path.
 */

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export interface Workspace {
  name: string;
  /** Absolute path of the folder holding its package.json. */
  dir: string;
  dependencies: ReadonlySet<string>;
  devDependencies: ReadonlySet<string>;
  /** Absolute paths of the files its `exports` point at (the `source` condition when there is one). */
  exports: readonly string[];
}

export interface WorkspaceImport {
  /** The file that imports, relative to the repository. */
  file: string;
  specifier: string;
  /** The workspace imported. */
  target: string;
  /** Shipped code needs a dependency; the rest a devDependency at least. */
  production: boolean;
}

export interface DependencyProblem {
  kind: 'cycle' | 'undeclared';
  message: string;
}

/** The workspaces named by the root package.json's `workspaces` globs (`dir/*` only). */
export function readWorkspaces(rootDir: string): Workspace[] {
  const root = JSON.parse(readFileSync(join(rootDir, 'package.json'), 'utf8')) as { workspaces?: string[] };
  const workspaces: Workspace[] = [];
  for (const pattern of root.workspaces ?? []) {
    if (!pattern.endsWith('/*')) throw new Error(`Unsupported workspaces pattern "${pattern}": use "dir/*"`);
    const parent = join(rootDir, pattern.slice(0, -2));
    if (!existsSync(parent)) continue;
    for (const entry of readdirSync(parent, { withFileTypes: true })) {
      const manifest = join(parent, entry.name, 'package.json');
      if (!entry.isDirectory() || !existsSync(manifest)) continue;
      const json = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, unknown>;
      const names = (field: string): string[] => Object.keys((json[field] as Record<string, string>) ?? {});
      workspaces.push({
        name: String(json.name),
        dir: join(parent, entry.name),
        dependencies: new Set([
          ...names('dependencies'),
          ...names('optionalDependencies'),
          ...names('peerDependencies'),
        ]),
        devDependencies: new Set(names('devDependencies')),
        exports: exportedFiles(json.exports).map((file) => join(parent, entry.name, file)),
      });
    }
  }
  return workspaces.sort((a, b) => a.name.localeCompare(b.name));
}

function exportedFiles(exports: unknown): string[] {
  if (typeof exports === 'string') return [exports];
  if (typeof exports !== 'object' || exports === null) return [];
  const entries = Object.entries(exports as Record<string, unknown>);
  // A conditions object ({ source, types, default }): the source is what the repository runs.
  if (entries.every(([key]) => !key.startsWith('.'))) {
    const conditions = exports as Record<string, unknown>;
    const chosen = conditions.source ?? conditions.default;
    return typeof chosen === 'string' ? [chosen] : exportedFiles(chosen);
  }
  return entries.flatMap(([, value]) => exportedFiles(value));
}

const sourceFile = /\.(?:ts|mts|cts|js|mjs|cjs)$/;
const skippedFolders = new Set(['node_modules', 'dist', 'generated', '.cache']);
/** `from '…'`, `import '…'`, `import('…')`, `vi.mock('…')` and `new URL('…', import.meta.url)`. */
const specifierPatterns = [
  /\bfrom\s*['"]([^'"]+)['"]/g,
  /\bimport\s*\(?\s*['"]([^'"]+)['"]/g,
  /\bvi\.(?:mock|doMock|importActual)\s*\(\s*['"]([^'"]+)['"]/g,
  /\bnew\s+URL\s*\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g,
];

/** Every import of another workspace found in the files of `workspace`. */
export function findWorkspaceImports(
  workspace: Workspace,
  all: readonly Workspace[],
  rootDir: string,
): WorkspaceImport[] {
  const byName = new Map(all.map((w) => [w.name, w]));
  const files = [...walk(workspace.dir)];
  const specifiers = new Map(files.map((file) => [file, specifiersIn(readFileSync(file, 'utf8'))]));
  const shipped = shippedFiles(workspace, specifiers);
  const found: WorkspaceImport[] = [];
  for (const file of files) {
    for (const specifier of specifiers.get(file) ?? []) {
      const target = targetOf(specifier, file, byName, all);
      if (target && target !== workspace.name) {
        found.push({ file: relative(rootDir, file), specifier, target, production: shipped.has(file) });
      }
    }
  }
  return found;
}

function specifiersIn(text: string): string[] {
  return specifierPatterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1]!));
}

/** What the package ships: its exports and entry scripts, and every file they reach by relative imports. */
function shippedFiles(workspace: Workspace, specifiers: ReadonlyMap<string, readonly string[]>): Set<string> {
  const entryScript = /(?:^|[-/])main\.[cm]?[jt]s$/;
  const src = join(workspace.dir, 'src') + sep;
  const pending = [
    ...workspace.exports,
    ...[...specifiers.keys()].filter((file) => file.startsWith(src) && entryScript.test(file)),
  ];
  const shipped = new Set<string>();
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (shipped.has(file) || !specifiers.has(file) || isTestFile(file)) continue;
    shipped.add(file);
    for (const specifier of specifiers.get(file) ?? []) {
      if (!specifier.startsWith('.')) continue;
      const path = resolve(dirname(file), specifier);
      pending.push(path, `${path}.ts`, join(path, 'index.ts'));
    }
  }
  return shipped;
}

function isTestFile(file: string): boolean {
  return /\.test\.[cm]?[jt]s$/.test(file);
}

function targetOf(
  specifier: string,
  file: string,
  byName: ReadonlyMap<string, Workspace>,
  all: readonly Workspace[],
): string | undefined {
  if (specifier.startsWith('.')) {
    const path = resolve(dirname(file), specifier);
    return all.find((w) => path === w.dir || path.startsWith(w.dir + sep))?.name;
  }
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  return byName.has(name) ? name : undefined;
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skippedFolders.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (sourceFile.test(entry.name) && !entry.name.endsWith('.d.ts') && statSync(path).isFile())
      yield path;
  }
}

/** Undeclared imports first, then every cycle of the declared graph (each once, from its first name). */
export function checkWorkspaceDeps(
  workspaces: readonly Workspace[],
  importsOf: (workspace: Workspace) => readonly WorkspaceImport[],
): DependencyProblem[] {
  const problems: DependencyProblem[] = [];
  for (const workspace of workspaces) {
    for (const found of importsOf(workspace)) {
      const declared = found.production
        ? workspace.dependencies.has(found.target)
        : workspace.dependencies.has(found.target) || workspace.devDependencies.has(found.target);
      if (declared) continue;
      const field = found.production ? 'dependencies' : 'devDependencies';
      problems.push({
        kind: 'undeclared',
        message: `${found.file} imports ${found.target} ("${found.specifier}") but ${workspace.name} does not list it in ${field}`,
      });
    }
  }
  for (const cycle of findCycles(workspaces)) {
    problems.push({ kind: 'cycle', message: `dependency cycle: ${cycle.join(' -> ')}` });
  }
  return problems;
}

/** Elementary cycles of the workspace graph, each reported once (rotated to start at its smallest name). */
export function findCycles(workspaces: readonly Workspace[]): string[][] {
  const names = new Set(workspaces.map((w) => w.name));
  const edges = new Map(
    workspaces.map((w) => [
      w.name,
      [...new Set([...w.dependencies, ...w.devDependencies])]
        .filter((d) => names.has(d) && d !== w.name)
        .sort(),
    ]),
  );
  const seen = new Set<string>();
  const cycles: string[][] = [];
  const path: string[] = [];
  const visit = (name: string): void => {
    const at = path.indexOf(name);
    if (at >= 0) {
      const cycle = path.slice(at);
      const start = cycle.indexOf([...cycle].sort()[0]!);
      const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
      const key = rotated.join(' ');
      if (!seen.has(key)) {
        seen.add(key);
        cycles.push([...rotated, rotated[0]!]);
      }
      return;
    }
    path.push(name);
    for (const next of edges.get(name) ?? []) visit(next);
    path.pop();
  };
  for (const name of [...names].sort()) visit(name);
  return cycles;
}
