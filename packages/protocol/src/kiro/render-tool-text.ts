import type { JsonValue, ToolCallPart, ToolResultPart } from '../canonical/index.ts';

/** A tool call as plain text, for turns where Kiro must not see a toolUse (docs/kiro-protocol.md#tools-as-text). */
export function renderToolCall(call: ToolCallPart): string {
  return `[Tool: ${call.name} (${call.id})]\n${formatArguments(call.input)}`;
}

export function renderToolResult(result: ToolResultPart): string {
  return `[Tool Result (${result.toolCallId})]\n${toolResultText(result) || '(empty result)'}`;
}

export function toolResultText(result: ToolResultPart): string {
  return result.content
    .flatMap((item) => (item.type === 'text' && item.text !== '' ? [item.text] : []))
    .join('\n');
}

/** One-line JSON spaced like the argument strings clients send (`{"command": "ls"}`). */
function formatArguments(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(formatArguments).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const members = Object.entries(value).map(
      ([key, item]) => `${JSON.stringify(key)}: ${formatArguments(item)}`,
    );
    return `{${members.join(', ')}}`;
  }
  return JSON.stringify(value);
}
