import type { CanonicalRequest, ToolResultPart } from '../canonical/index.ts';
import { buildKiroTurns } from './build-kiro-turns.ts';
import { emptyUserTurn, type KiroTurn, turnText, type UserTurn } from './kiro-turn.ts';
import { defaultMaxImageMessages, limitImages } from './limit-images.ts';
import { pairToolResults } from './pair-tool-results.ts';
import { toolResultText } from './render-tool-text.ts';
import { shortenToolName } from './shorten-tool-name.ts';
import { thinkingSystemNote, thinkingTags } from './thinking-tags.ts';
import { defaultToolDescriptionMaxLength, toKiroTools } from './to-kiro-tools.ts';
import type {
  KiroHistoryEntry,
  KiroRequestBody,
  KiroTool,
  KiroToolResult,
  KiroUserInputMessage,
  KiroUserInputMessageContext,
} from './types.ts';

export interface KiroRequestOptions {
  /** The resolved Kiro model id (see `resolveModel`). */
  modelId: string;
  conversationId: string;
  /** Only for social credentials. */
  profileArn?: string;
  /** Longer tool descriptions move to the system prompt; 0 keeps them. Default 10000. */
  toolDescriptionMaxLength?: number;
  /** Images are kept in this many most recent image-bearing user turns. Default 5. */
  maxImageMessages?: number;
  /**
   * Thinking is asked for with prompt tags (docs/kiro-protocol.md#thinking-tags). Default true; false for a model that thinks natively
   * (`reasoningContentEvent`), which gets neither the tags nor the system note about them.
   */
  thinkingTags?: boolean;
}

export interface KiroRequestConversion {
  body: KiroRequestBody;
  /** Shortened tool name → the client's original, for names over Kiro's 64-character limit. */
  toolNameMap: Record<string, string>;
  /** What was dropped on the way (remote or unsupported images), for logs; never user text. */
  warnings: string[];
}

const emptyHistoryContent = '(empty)';
const emptyCurrentContent = 'Continue';

/**
 * Builds the generateAssistantResponse body (docs/kiro-protocol.md#request-body, #turns and the sections after it, in that order). Sampling
 * parameters and tool choice have no upstream field and are dropped.
 *
 * Thinking tags go at the start of the current user turn (our placement) rather than
 * the system prompt: the system prompt sits at the top of the first history turn, which in long
 * sessions is tens of thousands of tokens away from where the model starts answering.
 */
export function toKiroRequest(request: CanonicalRequest, options: KiroRequestOptions): KiroRequestConversion {
  const tools = toKiroTools(
    request.tools,
    options.toolDescriptionMaxLength ?? defaultToolDescriptionMaxLength,
  );
  const tagsOn = options.thinkingTags ?? true;
  const { turns, warnings } = buildKiroTurns(request.messages, tools.tools.length === 0);
  if (turns.at(-1)?.role !== 'user') turns.push(emptyUserTurn());
  pairToolResults(turns);
  limitImages(turns, options.maxImageMessages ?? defaultMaxImageMessages);

  const system = [
    request.system.join('\n').trim(),
    tools.documentation,
    request.thinking && tagsOn ? thinkingSystemNote : '',
  ]
    .filter((part) => part !== '')
    .join('\n\n');
  const history = turns.slice(0, -1);
  const current = turns.at(-1) as UserTurn;

  const entries: KiroHistoryEntry[] = history.map((turn, index) =>
    turn.role === 'user'
      ? { userInputMessage: userMessage(turn, withSystem(index === 0 ? system : '', turn), options.modelId) }
      : {
          assistantResponseMessage: {
            content: turnText(turn.segments) || emptyHistoryContent,
            ...(turn.toolCalls.length > 0 && {
              toolUses: turn.toolCalls.map((call) => ({
                toolUseId: call.id,
                name: shortenToolName(call.name),
                input: call.input,
              })),
            }),
          },
        },
  );

  let content = withSystem(history.length === 0 ? system : '', current) || emptyCurrentContent;
  // A turn that only returns tool results continues the model's answer; tags there would read as a
  // new instruction in the middle of it.
  if (
    request.thinking &&
    tagsOn &&
    current.toolResults.length === 0 &&
    !turnText(current.segments).includes('<thinking_mode>')
  ) {
    content = `${thinkingTags(request.thinking)}\n\n${content}`;
  }
  const body: KiroRequestBody = {
    conversationState: {
      chatTriggerType: 'MANUAL',
      conversationId: options.conversationId,
      currentMessage: { userInputMessage: userMessage(current, content, options.modelId, tools.tools) },
      ...(entries.length > 0 && { history: entries }),
    },
    ...(options.profileArn !== undefined && { profileArn: options.profileArn }),
  };
  return { body, toolNameMap: toolNameMap(request), warnings };
}

/** The turn's text with the system prompt in front; '' when both are empty. */
function withSystem(system: string, turn: KiroTurn): string {
  const text = turnText(turn.segments);
  if (system === '') return text;
  return text === '' ? system : `${system}\n\n${text}`;
}

function userMessage(
  turn: UserTurn,
  content: string,
  modelId: string,
  tools: KiroTool[] = [],
): KiroUserInputMessage {
  const message: KiroUserInputMessage = {
    content: content || emptyHistoryContent,
    modelId,
    origin: 'AI_EDITOR',
  };
  if (turn.images.length > 0) message.images = turn.images;
  const context: KiroUserInputMessageContext = {};
  if (tools.length > 0) context.tools = tools;
  if (turn.toolResults.length > 0) context.toolResults = turn.toolResults.map(toKiroToolResult);
  if (context.tools || context.toolResults) message.userInputMessageContext = context;
  return message;
}

function toKiroToolResult(result: ToolResultPart): KiroToolResult {
  return {
    toolUseId: result.toolCallId,
    status: result.isError ? 'error' : 'success',
    content: [{ text: toolResultText(result) || '(empty result)' }],
  };
}

function toolNameMap(request: CanonicalRequest): Record<string, string> {
  const map: Record<string, string> = {};
  const names = request.tools.map((tool) => tool.name);
  for (const message of request.messages) {
    if (message.role !== 'assistant') continue;
    for (const part of message.content) if (part.type === 'tool-call') names.push(part.name);
  }
  for (const name of names) {
    const short = shortenToolName(name);
    if (short !== name) map[short] = name;
  }
  return map;
}
