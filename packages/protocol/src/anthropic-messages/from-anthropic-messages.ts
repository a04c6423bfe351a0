import type { AssistantPart, Message, UserPart } from '../canonical/index.ts';
import type { AnthropicMessage } from './anthropic-messages-request-schema.ts';
import {
  fromAnthropicMediaBlock,
  fromAnthropicMediaBlocks,
  fromAnthropicText,
} from './from-anthropic-content.ts';

function userParts(
  content: Extract<AnthropicMessage, { role: 'user' }>['content'],
  param: string,
): UserPart[] {
  if (typeof content === 'string') return fromAnthropicText(content);
  const parts: UserPart[] = [];
  content.forEach((block, index) => {
    const at = `${param}[${index}]`;
    if (block.type !== 'tool_result') {
      parts.push(...fromAnthropicMediaBlock(block, at));
      return;
    }
    const result = block.content ?? '';
    parts.push({
      type: 'tool-result',
      toolCallId: block.tool_use_id,
      content:
        typeof result === 'string'
          ? fromAnthropicText(result)
          : fromAnthropicMediaBlocks(result, `${at}.content`),
      isError: block.is_error ?? false,
    });
  });
  return parts;
}

function assistantParts(
  content: Extract<AnthropicMessage, { role: 'assistant' }>['content'],
): AssistantPart[] {
  if (typeof content === 'string') return fromAnthropicText(content);
  const parts: AssistantPart[] = [];
  for (const block of content) {
    switch (block.type) {
      case 'text':
        parts.push(...fromAnthropicText([block]));
        break;
      case 'tool_use':
        parts.push({ type: 'tool-call', id: block.id, name: block.name, input: block.input });
        break;
      case 'thinking':
        parts.push({
          type: 'thinking',
          text: block.thinking,
          ...(block.signature === undefined ? {} : { signature: block.signature }),
        });
        break;
      // Redacted thinking is encrypted for Anthropic's own servers; no other model can read it.
      case 'redacted_thinking':
        break;
    }
  }
  return parts;
}

function fromAnthropicMessage(message: AnthropicMessage, index: number): Message {
  switch (message.role) {
    case 'user':
      return { role: 'user', content: userParts(message.content, `messages[${index}].content`) };
    case 'assistant':
      return { role: 'assistant', content: assistantParts(message.content) };
    // Not part of the Messages API, but Claude Code sends them: context (environment, mode changes) for
    // the prompt beside it. As user content it merges into that turn instead of standing as a turn of
    // its own that the model would have to answer.
    case 'system':
      return { role: 'user', content: fromAnthropicText(message.content) };
  }
}

export function fromAnthropicMessages(messages: ReadonlyArray<AnthropicMessage>): Message[] {
  return messages.map(fromAnthropicMessage);
}
