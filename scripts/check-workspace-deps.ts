/**
 * `npm run deps:check` (part of `npm run check`): fails when the workspaces' dependencies form a
 * cycle or when a workspace imports another one it does not declare. The rules are in
 * `workspace-deps.ts`; why they exist is docs/decisions/0014-service-boundaries.md.
 */
import { checkWorkspaceDeps, findWorkspaceImports, readWorkspaces } from './workspace-deps.ts';

const rootDir = new URL('../', import.meta.url).pathname;
const workspaces = readWorkspaces(rootDir);
const problems = checkWorkspaceDeps(workspaces, (workspace) =>
  findWorkspaceImports(workspace, workspaces, rootDir),
);
for (const problem of problems) process.stderr.write(`${problem.message}\n`);
if (problems.length > 0) {
  process.stderr.write(`${problems.length} workspace dependency problem(s)\n`);
  process.exit(1);
}
process.stdout.write(`${workspaces.length} workspaces: no cycles, every cross-workspace import declared\n`);
