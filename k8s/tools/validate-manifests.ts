/**
 * Validates rendered Kubernetes objects offline and strictly, CRDs included, from the npm packages
 * of kubernetes-models (generated from the Kubernetes OpenAPI and from each CRD's schema):
 * - each object's own validator checks types, formats, enums and required fields;
 * - unknown fields, which those validators let through, are caught by type-checking every object as
 *   an object literal of its model's interface (TypeScript refuses excess properties at any depth).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repoRoot = new URL('../../', import.meta.url).pathname;

/** API groups served by CRDs, and the package that holds their models. */
const crdPackages: Record<string, string> = {
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator',
  'keda.sh': '@kubernetes-models/keda',
  'gateway.networking.k8s.io': '@kubernetes-models/gateway-api',
  'external-secrets.io': '@kubernetes-models/external-secrets',
};

export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string };
}

/** The module of an object's model, e.g. `kubernetes-models/apps/v1/Deployment`. */
export function modelModule({ apiVersion, kind }: KubernetesObject): string {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  if (group === '') return `kubernetes-models/${version}/${kind}`;
  const crdPackage = crdPackages[group as string];
  if (crdPackage) return `${crdPackage}/${group}/${version}/${kind}`;
  return `kubernetes-models/${group}/${version}/${kind}`;
}

/** Every problem found, as `Kind/name: message`; empty when all objects are valid. */
export async function validateManifests(objects: KubernetesObject[]): Promise<string[]> {
  const problems: string[] = [];
  for (const object of objects) {
    const label = `${object.kind}/${object.metadata?.name ?? '?'}`;
    let Model: new (data: unknown) => { validate(): void };
    try {
      const module = (await import(modelModule(object))) as Record<string, typeof Model>;
      Model = module[object.kind] as typeof Model;
    } catch {
      problems.push(`${label}: no schema for ${object.apiVersion} ${object.kind}`);
      continue;
    }
    try {
      new Model(object).validate();
    } catch (error) {
      problems.push(`${label}: ${(error as Error).message}`);
    }
  }
  problems.push(...(await typeCheck(objects)));
  return problems;
}

async function typeCheck(objects: KubernetesObject[]): Promise<string[]> {
  const dir = mkdtempSync(join(repoRoot, '.cache', 'manifest-check-'));
  try {
    const lines = objects.map(
      (object, n) =>
        `import type { I${object.kind} as T${n} } from '${modelModule(object)}';\n` +
        `export const o${n}: T${n} = ${JSON.stringify(object)};`,
    );
    writeFileSync(join(dir, 'manifests.ts'), `${lines.join('\n')}\n`);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          types: [],
        },
        files: ['manifests.ts'],
      }),
    );
    try {
      await run(join(repoRoot, 'node_modules/.bin/tsc'), ['-p', join(dir, 'tsconfig.json')], {
        cwd: repoRoot,
      });
      return [];
    } catch (error) {
      const output = String((error as { stdout?: string }).stdout ?? error);
      return output
        .split('\n')
        .filter((line) => line.includes('error TS'))
        .map((line) => {
          // Two lines per object: its import, then its typed constant.
          const lineNumber = Number(/manifests\.ts\((\d+),/.exec(line)?.[1] ?? 1);
          const object = objects[Math.ceil(lineNumber / 2) - 1];
          return `${object?.kind}/${object?.metadata?.name}: ${line.replace(/^.*error TS\d+: /, '')}`;
        });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
