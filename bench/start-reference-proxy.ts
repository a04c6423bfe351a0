import { type ChildNode, firstStdoutLine, startChildNode } from './child-node.ts';
import type { CpuPinning } from './cpu-pinning.ts';

export interface ReferenceProxyProcess {
  url: string;
  child: ChildNode;
}

/** The minimal proxy of reference-proxy.ts, on the gateway's CPU, in front of the simulator. */
export async function startReferenceProxy(options: {
  repoRoot: string;
  simUrl: string;
  pinning: CpuPinning;
}): Promise<ReferenceProxyProcess> {
  const child = startChildNode({
    name: 'reference proxy',
    script: 'bench/reference-proxy.ts',
    args: [options.simUrl],
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    pinning: options.pinning,
    cpu: options.pinning.gatewayCpu,
    cwd: options.repoRoot,
  });
  try {
    return { url: await firstStdoutLine(child, 20_000), child };
  } catch (error) {
    await child.stop();
    throw error;
  }
}
