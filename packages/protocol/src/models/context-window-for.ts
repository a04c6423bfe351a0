export const defaultContextWindow = 200_000;

/** Input windows that differ from the default; opus 4.5 has the default 200k (docs/kiro-protocol.md#model-ids). */
const contextWindows: Readonly<Record<string, number>> = {
  'claude-sonnet-4.6': 1_000_000,
  'claude-opus-4.6': 1_000_000,
  'claude-opus-4.7': 1_000_000,
  'claude-opus-4.8': 1_000_000,
};

/**
 * Input window of a Kiro model for token arithmetic. `listed` is `tokenLimits.maxInputTokens` from
 * ListAvailableModels and wins when present.
 */
export function contextWindowFor(modelId: string, listed?: number): number {
  if (listed !== undefined && Number.isFinite(listed) && listed > 0) return listed;
  return contextWindows[modelId] ?? defaultContextWindow;
}
