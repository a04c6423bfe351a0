import { type ChildNode, firstStdoutLine, startChildNode } from './child-node.ts';
import type { CpuPinning } from './cpu-pinning.ts';

export interface SimProcess {
  url: string;
  child: ChildNode;
}

export interface StartSimOptions {
  repoRoot: string;
  pinning: CpuPinning;
}

/** The Kiro simulator as a child process; its first stdout line is its URL. */
export async function startSim(options: StartSimOptions): Promise<SimProcess> {
  const child = startChildNode({
    name: 'kiro-sim',
    script: 'packages/kiro-sim/src/main.ts',
    // A full run sends ~100k chats from one account; the default 1,000-credit budget would turn them into 402s.
    args: ['--port', '0', '--credit-limit', '1000000000000'],
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    pinning: options.pinning,
    cpu: options.pinning.rigCpu,
    cwd: options.repoRoot,
  });
  try {
    const url = await firstStdoutLine(child, 20_000);
    if (!/^http:\/\/[\w.[\]:-]+$/.test(url)) throw new Error(`kiro-sim printed "${url}", not a URL`);
    return { url, child };
  } catch (error) {
    await child.stop();
    throw error;
  }
}
