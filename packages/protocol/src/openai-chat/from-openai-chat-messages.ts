import { AppError } from '@kirogate/errors';
import type { AssistantPart, ImagePart, Message, TextPart, UserPart } from '../canonical/index.ts';
import { imageSourceFromUrl } from './image-source-from-url.ts';
import type { OpenAiChatMessage } from './openai-chat-request-schema.ts';
import { parseToolArguments } from './parse-tool-arguments.ts';

type ContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string } }
  | { type: 'refusal'; refusal: string };

function textParts(content: string | ReadonlyArray<ContentPart>): TextPart[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  const parts: TextPart[] = [];
  for (const part of content) {
    const text = part.type === 'text' ? part.text : part.type === 'refusal' ? part.refusal : '';
    if (text !== '') parts.push({ type: 'text', text });
  }
  return parts;
}

function mediaParts(
  content: string | ReadonlyArray<ContentPart>,
  param: string,
): Array<TextPart | ImagePart> {
  if (typeof content === 'string') return textParts(content);
  const parts: Array<TextPart | ImagePart> = [];
  content.forEach((part, index) => {
    if (part.type !== 'image_url') {
      parts.push(...textParts([part]));
      return;
    }
    const source = imageSourceFromUrl(part.image_url.url);
    if (!source) {
      const at = `${param}[${index}].image_url.url`;
      throw new AppError('INVALID_REQUEST', `${at}: expected a base64 image data URL or an http(s) URL`, {
        param: at,
      });
    }
    parts.push({ type: 'image', source });
  });
  return parts;
}

/**
 * System messages become the system prompt wherever they stand; `developer` messages stay in place
 * as canonical system turns. Consecutive `tool` (and legacy `function`) results share one user turn.
 */
export function fromOpenAiChatMessages(messages: ReadonlyArray<OpenAiChatMessage>): {
  system: string[];
  messages: Message[];
} {
  const system: string[] = [];
  const out: Message[] = [];
  let resultTurn: UserPart[] | undefined;
  // Legacy function calls carry no id; the `function` message answering one names the function.
  const unansweredLegacyCalls = new Map<string, string[]>();

  const pushResult = (part: UserPart) => {
    if (!resultTurn) {
      resultTurn = [];
      out.push({ role: 'user', content: resultTurn });
    }
    resultTurn.push(part);
  };
  const push = (message: Message) => {
    resultTurn = undefined;
    out.push(message);
  };

  messages.forEach((message, index) => {
    const at = `messages[${index}]`;
    switch (message.role) {
      case 'system':
        system.push(...textParts(message.content).map((part) => part.text));
        return;
      case 'developer':
        push({ role: 'system', content: textParts(message.content) });
        return;
      case 'user':
        push({ role: 'user', content: mediaParts(message.content, `${at}.content`) });
        return;
      case 'assistant': {
        const content: AssistantPart[] = message.content ? textParts(message.content) : [];
        (message.tool_calls ?? []).forEach((call, callIndex) => {
          const param = `${at}.tool_calls[${callIndex}].function.arguments`;
          const input = parseToolArguments(call.function.arguments, param);
          content.push({ type: 'tool-call', id: call.id, name: call.function.name, input });
        });
        if (message.function_call) {
          const { name } = message.function_call;
          const id = `call_${name}_${index}`;
          const input = parseToolArguments(message.function_call.arguments, `${at}.function_call.arguments`);
          content.push({ type: 'tool-call', id, name, input });
          unansweredLegacyCalls.set(name, [...(unansweredLegacyCalls.get(name) ?? []), id]);
        }
        push({ role: 'assistant', content });
        return;
      }
      case 'tool':
        pushResult({
          type: 'tool-result',
          toolCallId: message.tool_call_id,
          content: mediaParts(message.content, `${at}.content`),
          isError: false,
        });
        return;
      case 'function': {
        const toolCallId =
          unansweredLegacyCalls.get(message.name)?.shift() ?? `call_${message.name}_${index}`;
        pushResult({
          type: 'tool-result',
          toolCallId,
          content: textParts(message.content ?? ''),
          isError: false,
        });
        return;
      }
    }
  });
  return { system, messages: out };
}
