import { type ClaudeModelVersion, claudeModelVersion, compareVersions } from './claude-model-version.ts';
import { normalizeModelName } from './normalize-model-name.ts';

export interface ModelCatalog {
  /** Kiro model ids from ListAvailableModels; empty when the list is not known. */
  available: readonly string[];
  /** Operator-defined names → Kiro ids. */
  aliases: Readonly<Record<string, string>>;
}

export type ModelResolutionReason = 'exact' | 'normalized' | 'alias' | 'family-fallback' | 'passthrough';

export interface ModelResolution {
  kiroModelId: string;
  reason: ModelResolutionReason;
}

/**
 * Picks the Kiro model id for a client's model name. A Claude name Kiro does not list goes to the newest
 * listed model of the same family, so clients that ask for a model released after our table (or retired
 * from Kiro's) keep working; anything else passes through for Kiro to judge.
 */
export function resolveModel(name: string, catalog: ModelCatalog): ModelResolution {
  if (catalog.available.includes(name)) return { kiroModelId: name, reason: 'exact' };
  const alias = catalog.aliases[name];
  if (alias !== undefined) return { kiroModelId: alias, reason: 'alias' };
  const normalized = normalizeModelName(name);
  const listed = catalog.available.find((id) => id.toLowerCase() === normalized.toLowerCase());
  if (listed !== undefined) return { kiroModelId: listed, reason: 'normalized' };
  const newest = newestOfFamily(normalized, catalog.available);
  if (newest !== undefined) return { kiroModelId: newest, reason: 'family-fallback' };
  return normalized === name
    ? { kiroModelId: name, reason: 'passthrough' }
    : { kiroModelId: normalized, reason: 'normalized' };
}

function newestOfFamily(name: string, available: readonly string[]): string | undefined {
  const wanted = claudeModelVersion(name);
  if (wanted === undefined) return undefined;
  let best: { id: string; version: ClaudeModelVersion } | undefined;
  for (const id of available) {
    const version = claudeModelVersion(id);
    if (version?.family !== wanted.family) continue;
    const order = best ? compareVersions(version, best.version) : 1;
    // On a tie the dotted id wins over the legacy upper-case one.
    if (order > 0 || (order === 0 && isLegacyId(best!.id) && !isLegacyId(id))) best = { id, version };
  }
  return best?.id;
}

function isLegacyId(id: string): boolean {
  return id.startsWith('CLAUDE_');
}
