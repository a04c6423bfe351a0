import type { AssistantPart, Message, UserPart } from '../canonical/index.ts';
import {
  type AssistantTurn,
  emptyAssistantTurn,
  emptyUserTurn,
  type KiroTurn,
  type UserTurn,
} from './kiro-turn.ts';
import { renderToolCall, renderToolResult } from './render-tool-text.ts';
import { toKiroImage } from './to-kiro-image.ts';

export interface KiroTurns {
  /** Alternating user/assistant, starting with user. */
  turns: KiroTurn[];
  warnings: string[];
}

/**
 * Canonical messages as alternating turns (docs/kiro-protocol.md#turns): adjacent messages of
 * one role merge, and an `(empty)` user opens a conversation that starts with the assistant. Kiro has
 * no system role. An in-place `system` message after the latest prompt (Claude Code sends its
 * environment that way) is context for that prompt and joins it as a block: as a turn of its own it
 * would push the prompt into history as already answered. Anywhere else it becomes a user turn of its
 * own behind an `(empty)` assistant (docs/kiro-protocol.md#conformance-cases, case 13). With `toolsAsText`, tool calls and results are
 * rendered into the text because Kiro rejects tool content in a request that declares no tools.
 */
export function buildKiroTurns(messages: readonly Message[], toolsAsText: boolean): KiroTurns {
  const turns: KiroTurn[] = [];
  const warnings: string[] = [];
  const lastConversational = messages.findLastIndex((message) => message.role !== 'system');
  let previousInPlace = false;
  messages.forEach((message, index) => {
    const inPlace = message.role === 'system';
    const trailing = inPlace && index > lastConversational;
    const turn =
      message.role === 'assistant'
        ? assistantTurn(message.content, toolsAsText)
        : userTurn(message.content, toolsAsText, trailing, (warning) =>
            warnings.push(`messages[${index}]: ${warning}`),
          );
    const last = turns.at(-1);
    if (last !== undefined && last.role === turn.role && (trailing || (!inPlace && !previousInPlace))) {
      mergeTurn(last, turn);
    } else {
      if (last?.role === 'user' && turn.role === 'user') turns.push(emptyAssistantTurn());
      turns.push(turn);
    }
    previousInPlace = inPlace && !trailing;
  });
  if (turns[0]?.role === 'assistant') turns.unshift(emptyUserTurn());
  return { turns, warnings };
}

function userTurn(
  parts: readonly UserPart[],
  toolsAsText: boolean,
  inPlaceSystem: boolean,
  warn: (warning: string) => void,
): UserTurn {
  const turn = emptyUserTurn();
  const addImage = (source: Parameters<typeof toKiroImage>[0]) => {
    const converted = toKiroImage(source);
    if ('image' in converted) turn.images.push(converted.image);
    else warn(converted.warning);
  };
  for (const part of parts) {
    if (part.type === 'text') turn.segments.push({ text: part.text, block: inPlaceSystem });
    else if (part.type === 'image') addImage(part.source);
    else {
      // Screenshots returned by tools (MCP) travel as images of the turn carrying the result.
      for (const item of part.content) if (item.type === 'image') addImage(item.source);
      if (toolsAsText) turn.segments.push({ text: renderToolResult(part), block: true });
      else turn.toolResults.push(part);
    }
  }
  return turn;
}

function assistantTurn(parts: readonly AssistantPart[], toolsAsText: boolean): AssistantTurn {
  const turn = emptyAssistantTurn();
  for (const part of parts) {
    if (part.type === 'text') turn.segments.push({ text: part.text, block: false });
    else if (part.type === 'thinking')
      turn.segments.push({ text: `<thinking>${part.text}</thinking>`, block: true });
    else if (toolsAsText) turn.segments.push({ text: renderToolCall(part), block: true });
    else turn.toolCalls.push(part);
  }
  return turn;
}

function mergeTurn(target: KiroTurn, source: KiroTurn): void {
  target.segments.push(...source.segments);
  if (target.role === 'user' && source.role === 'user') {
    target.images.push(...source.images);
    target.toolResults.push(...source.toolResults);
  } else if (target.role === 'assistant' && source.role === 'assistant') {
    target.toolCalls.push(...source.toolCalls);
  }
}
