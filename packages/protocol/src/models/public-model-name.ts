/**
 * The Anthropic-style name under which /v1/models lists a Kiro model id:
 * `claude-sonnet-4.5` → `claude-sonnet-4-5`, `CLAUDE_3_7_SONNET_20250219_V1_0` →
 * `claude-3-7-sonnet-20250219`. Non-Claude ids are listed as they are.
 */
export function publicModelName(kiroModelId: string): string {
  if (/^CLAUDE_[A-Z0-9_]+_V\d+_\d+$/.test(kiroModelId)) {
    return kiroModelId
      .toLowerCase()
      .replace(/_v\d+_\d+$/, '')
      .replaceAll('_', '-');
  }
  return kiroModelId.startsWith('claude-') ? kiroModelId.replaceAll('.', '-') : kiroModelId;
}
