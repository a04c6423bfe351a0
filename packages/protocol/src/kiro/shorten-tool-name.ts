import { createHash } from 'node:crypto';

export const maxToolNameLength = 64;

/**
 * Kiro rejects tool names over 64 characters. Longer names keep a readable prefix and gain a hash of
 * the full name, so the same name always shortens the same way and two long names sharing a prefix
 * stay distinct; the caller restores the original through the returned tool-name map.
 */
export function shortenToolName(name: string): string {
  if (name.length <= maxToolNameLength) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 12);
  return `${name.slice(0, maxToolNameLength - hash.length - 1)}_${hash}`;
}
