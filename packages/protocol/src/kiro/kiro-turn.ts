import type { ToolCallPart, ToolResultPart } from '../canonical/index.ts';
import type { KiroImage } from './types.ts';

/** A piece of a turn's text. Blocks (rendered tool calls, thinking) are set off by a blank line. */
export interface TextSegment {
  text: string;
  block: boolean;
}

/** A conversation turn on its way from canonical messages to a Kiro history entry. */
export type KiroTurn =
  | { role: 'user'; segments: TextSegment[]; images: KiroImage[]; toolResults: ToolResultPart[] }
  | { role: 'assistant'; segments: TextSegment[]; toolCalls: ToolCallPart[] };

export type UserTurn = KiroTurn & { role: 'user' };
export type AssistantTurn = KiroTurn & { role: 'assistant' };

export function emptyUserTurn(): UserTurn {
  return { role: 'user', segments: [], images: [], toolResults: [] };
}

export function emptyAssistantTurn(): AssistantTurn {
  return { role: 'assistant', segments: [], toolCalls: [] };
}

export function turnText(segments: readonly TextSegment[]): string {
  let text = '';
  let previous: TextSegment | undefined;
  for (const segment of segments) {
    if (segment.text === '') continue;
    if (previous) text += previous.block || segment.block ? '\n\n' : '\n';
    text += segment.text;
    previous = segment;
  }
  return text;
}
