import { AppError } from '@kirogate/errors';
import type {
  AssistantPart,
  ImagePart,
  JsonObject,
  Message,
  TextPart,
  UserPart,
} from '../canonical/index.ts';
import { imageSourceFromUrl } from '../openai-chat/image-source-from-url.ts';
import type { OpenAiResponsesInputItem } from './openai-responses-request-schema.ts';
import type { OpenAiResponsesOutputItem } from './to-openai-responses-response.ts';

type Part =
  | { type: 'input_text'; text: string }
  | { type: 'output_text'; text: string }
  | { type: 'refusal'; refusal: string }
  | { type: 'input_image'; image_url?: string | null | undefined; file_id?: string | null | undefined };

function invalid(param: string, text: string): AppError {
  return new AppError('INVALID_REQUEST', `${param}: ${text}`, { param });
}

function textOf(part: Part): string {
  switch (part.type) {
    case 'input_text':
    case 'output_text':
      return part.text;
    case 'refusal':
      return part.refusal;
    case 'input_image':
      return '';
  }
}

function contentParts(content: string | readonly Part[], param: string): Array<TextPart | ImagePart> {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  const parts: Array<TextPart | ImagePart> = [];
  content.forEach((part, index) => {
    if (part.type !== 'input_image') {
      const text = textOf(part);
      if (text !== '') parts.push({ type: 'text', text });
      return;
    }
    const at = `${param}[${index}]`;
    if (!part.image_url) {
      throw invalid(
        `${at}.image_url`,
        'required (file ids are not supported; send a data URL or an http(s) URL)',
      );
    }
    const source = imageSourceFromUrl(part.image_url);
    if (!source) throw invalid(`${at}.image_url`, 'expected a base64 image data URL or an http(s) URL');
    parts.push({ type: 'image', source });
  });
  return parts;
}

function textOnly(parts: Array<TextPart | ImagePart>, param: string): TextPart[] {
  return parts.map((part, index) => {
    if (part.type === 'text') return part;
    throw invalid(`${param}[${index}].type`, 'images are only accepted in user messages and tool outputs');
  });
}

function parseArguments(text: string, param: string): JsonObject {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid(param, 'not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalid(param, 'expected a JSON object');
  }
  return value as JsonObject;
}

/** A stored output item in the shape of the input item that stands for it. */
function resolveReference(
  id: string,
  referenced: ReadonlyMap<string, OpenAiResponsesOutputItem>,
  at: string,
): OpenAiResponsesInputItem {
  const item = referenced.get(id);
  if (!item) throw invalid(`${at}.id`, `no stored output item with id ${JSON.stringify(id.slice(0, 64))}`);
  switch (item.type) {
    case 'message':
      return { type: 'message', role: 'assistant', content: item.content };
    case 'function_call':
      return { type: 'function_call', call_id: item.call_id, name: item.name, arguments: item.arguments };
    case 'reasoning':
      return { type: 'reasoning', summary: item.summary };
  }
}

function callIdsOf(messages: readonly Message[]): Set<string> {
  const ids = new Set<string>();
  for (const message of messages) {
    if (message.role !== 'assistant') continue;
    for (const part of message.content) if (part.type === 'tool-call') ids.add(part.id);
  }
  return ids;
}

/**
 * Responses input items → canonical turns. `system` messages join the system prompt; `developer`
 * messages stay in place. Adjacent assistant text and function calls form one assistant turn, adjacent
 * function outputs one user turn. A `function_call_output` must answer a call made earlier in this input
 * or in `history` (the turns of the previous response). Reasoning items are accepted and dropped: Kiro
 * takes no reasoning back.
 */
export function fromOpenAiResponsesInput(
  input: string | readonly OpenAiResponsesInputItem[],
  history: readonly Message[],
  referenced: ReadonlyMap<string, OpenAiResponsesOutputItem> = new Map(),
): { system: string[]; messages: Message[] } {
  if (typeof input === 'string') {
    return { system: [], messages: [{ role: 'user', content: [{ type: 'text', text: input }] }] };
  }
  const system: string[] = [];
  const messages: Message[] = [];
  const knownCalls = callIdsOf(history);
  let assistant: AssistantPart[] | undefined;
  let results: UserPart[] | undefined;
  const push = (message: Message) => {
    assistant = undefined;
    results = undefined;
    messages.push(message);
  };
  const assistantTurn = (): AssistantPart[] => {
    if (assistant) return assistant;
    const turn: AssistantPart[] = [];
    push({ role: 'assistant', content: turn });
    assistant = turn;
    return turn;
  };

  input.forEach((given, index) => {
    const at = `input[${index}]`;
    const item = given.type === 'item_reference' ? resolveReference(given.id, referenced, at) : given;
    switch (item.type) {
      case 'message': {
        const parts = contentParts(item.content as string | Part[], `${at}.content`);
        switch (item.role) {
          case 'user':
            push({ role: 'user', content: parts });
            return;
          case 'system':
            system.push(...textOnly(parts, `${at}.content`).map((part) => part.text));
            return;
          case 'developer':
            push({ role: 'system', content: textOnly(parts, `${at}.content`) });
            return;
          case 'assistant': {
            assistantTurn().push(...textOnly(parts, `${at}.content`));
            return;
          }
        }
        return;
      }
      case 'function_call': {
        const input = parseArguments(item.arguments, `${at}.arguments`);
        assistantTurn().push({ type: 'tool-call', id: item.call_id, name: item.name, input });
        knownCalls.add(item.call_id);
        return;
      }
      case 'function_call_output': {
        if (!knownCalls.has(item.call_id)) {
          throw invalid(
            `${at}.call_id`,
            `no function_call with call_id ${JSON.stringify(item.call_id.slice(0, 64))} comes before this output`,
          );
        }
        if (!results) {
          const turn: UserPart[] = [];
          push({ role: 'user', content: turn });
          results = turn;
        }
        results.push({
          type: 'tool-result',
          toolCallId: item.call_id,
          content: contentParts(item.output as string | Part[], `${at}.output`),
          isError: false,
        });
        return;
      }
      case 'reasoning':
      case 'item_reference':
        return;
    }
  });
  return { system, messages };
}
