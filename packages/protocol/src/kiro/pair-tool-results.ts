import type { KiroTurn } from './kiro-turn.ts';
import { renderToolCall, renderToolResult } from './render-tool-text.ts';

/**
 * Kiro answers 400 when a toolResult has no toolUse right before it, when a toolUse never gets a
 * result, or when an id repeats. Unmatched calls and results become text so that the model still
 * sees them (docs/kiro-protocol.md#tool-results); repeated ids keep their first occurrence.
 */
export function pairToolResults(turns: KiroTurn[]): void {
  turns.forEach((turn, index) => {
    if (turn.role === 'assistant') {
      const next = turns[index + 1];
      const answered = new Set(
        next?.role === 'user' ? next.toolResults.map((result) => result.toolCallId) : [],
      );
      const seen = new Set<string>();
      const kept = [];
      for (const call of turn.toolCalls) {
        if (seen.has(call.id)) continue;
        seen.add(call.id);
        if (answered.has(call.id)) kept.push(call);
        else turn.segments.push({ text: renderToolCall(call), block: true });
      }
      turn.toolCalls = kept;
      return;
    }
    const previous = turns[index - 1];
    const offered = new Set(previous?.role === 'assistant' ? previous.toolCalls.map((call) => call.id) : []);
    const seen = new Set<string>();
    const kept = [];
    const orphans = [];
    for (const result of turn.toolResults) {
      if (seen.has(result.toolCallId)) continue;
      seen.add(result.toolCallId);
      if (offered.has(result.toolCallId)) kept.push(result);
      else orphans.push({ text: renderToolResult(result), block: true });
    }
    turn.toolResults = kept;
    turn.segments.unshift(...orphans);
  });
}
