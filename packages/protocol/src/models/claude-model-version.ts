import { standardClaudeName } from './normalize-model-name.ts';

export type ClaudeFamily = 'sonnet' | 'opus' | 'haiku';

export interface ClaudeModelVersion {
  family: ClaudeFamily;
  major: number;
  minor: number;
}

/** Family and version of a Claude model name or Kiro id in any of its spellings. */
export function claudeModelVersion(name: string): ClaudeModelVersion | undefined {
  const standard = standardClaudeName(name);
  if (standard === undefined) return undefined;
  const familyFirst = standard.match(/^claude-(sonnet|opus|haiku)-(\d+)(?:\.(\d+))?$/);
  if (familyFirst) return version(familyFirst[1], familyFirst[2], familyFirst[3]);
  const versionFirst = standard.match(/^claude-(\d+)\.(\d+)-(sonnet|opus|haiku)$/);
  return versionFirst ? version(versionFirst[3], versionFirst[1], versionFirst[2]) : undefined;
}

function version(family: string | undefined, major: string | undefined, minor: string | undefined) {
  return { family: family as ClaudeFamily, major: Number(major), minor: Number(minor ?? 0) };
}

export function compareVersions(a: ClaudeModelVersion, b: ClaudeModelVersion): number {
  return a.major - b.major || a.minor - b.minor;
}
