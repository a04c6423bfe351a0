/**
 * Regenerates `src/generated` from `proto/` with proto-loader-gen-types, then makes the output fit the
 * repo: `.ts` extensions on relative imports (nodenext ESM). Biome ignores `generated` folders, and the
 * output is deterministic, so `proto:check` can compare it byte for byte with what is committed.
 */
import { execFileSync } from 'node:child_process';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoDir = resolve(packageDir, '../..');
const protoDir = join(repoDir, 'proto');
const outDir = join(packageDir, 'src/generated');
const protos = ['kirogate/tokenbroker/v1/token_broker.proto', 'kirogate/users/v1/user_service.proto'];

await rm(outDir, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [
    join(repoDir, 'node_modules/@grpc/proto-loader/build/bin/proto-loader-gen-types.js'),
    '--longs=Number',
    '--enums=String',
    '--defaults',
    '--oneofs',
    '--includeComments',
    '--grpcLib=@grpc/grpc-js',
    `--includeDirs=${protoDir}`,
    `--outDir=${outDir}`,
    ...protos,
  ],
  { stdio: 'inherit' },
);

for (const file of await walk(outDir)) {
  const text = await readFile(file, 'utf8');
  const fixed = text
    .replaceAll(`${protoDir}/`, 'proto/')
    .replace(/(from\s+['"])(\.{1,2}\/[^'"]+?)(['"])/g, (_m, head, path, tail) =>
      path.endsWith('.ts') ? `${head}${path}${tail}` : `${head}${path}.ts${tail}`,
    );
  await writeFile(file, fixed);
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? walk(path) : Promise.resolve(entry.name.endsWith('.ts') ? [path] : []);
    }),
  );
  return files.flat();
}
