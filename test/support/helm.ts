import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { helmPath } from '../../k8s/tools/install-helm.ts';
import type { KubernetesObject } from '../../k8s/tools/validate-manifests.ts';

const run = promisify(execFile);
export const chartDir = new URL('../../k8s/kirogate/', import.meta.url).pathname;

/** `node k8s/tools/install-helm.ts` (run by .ci/run) puts helm in .cache; HELM_BIN names another one. */
export const helm: string | undefined = existsSync(helmPath) ? helmPath : process.env.HELM_BIN;

/** Why the chart tests cannot run; under REQUIRE_SERVICES=1 that is a failure, not a skip. */
export const helmMissing =
  helm === undefined ? 'helm is not installed: run `node k8s/tools/install-helm.ts`' : undefined;
if (helmMissing && process.env.REQUIRE_SERVICES === '1')
  throw new Error(`REQUIRE_SERVICES=1 but ${helmMissing}`);

// biome-ignore lint/suspicious/noExplicitAny: rendered manifests are inspected field by field
type Loose = any;

export interface Rendered extends KubernetesObject {
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: Loose;
  data: Loose;
}

/** `helm template kirogate` in namespace kirogate with a values file of the chart (or the defaults). */
export async function renderChart(valueSet: string, extra: string[] = []): Promise<Rendered[]> {
  const files = valueSet === '(defaults)' ? [] : ['-f', join(chartDir, valueSet)];
  const { stdout } = await run(
    helm as string,
    ['template', 'kirogate', chartDir, '--namespace', 'kirogate', ...files, ...extra],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const documents = parseAllDocuments(stdout);
  // Strict YAML: a duplicate key (two templates writing one label) is an error, not a silent overwrite.
  const errors = documents.flatMap((document) => document.errors.map((error) => error.message));
  if (errors.length > 0) throw new Error(`helm rendered invalid YAML:\n${errors.join('\n')}`);
  return documents
    .map((document) => document.toJS() as Rendered | null)
    .filter((object): object is Rendered => object !== null);
}

export async function lintChart(valueSet: string): Promise<string> {
  const files = valueSet === '(defaults)' ? [] : ['-f', join(chartDir, valueSet)];
  const { stdout } = await run(helm as string, ['lint', '--strict', chartDir, ...files]);
  return stdout;
}
