/**
 * KiroGate's own message model. It is no vendor's wire format: every format converts to and from it,
 * and formats never convert to each other.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface TextPart {
  type: 'text';
  text: string;
}

export type ImageSource = { kind: 'base64'; mediaType: string; data: string } | { kind: 'url'; url: string };

export interface ImagePart {
  type: 'image';
  source: ImageSource;
}

export interface ToolCallPart {
  type: 'tool-call';
  id: string;
  name: string;
  input: JsonObject;
}

export interface ToolResultPart {
  type: 'tool-result';
  toolCallId: string;
  content: Array<TextPart | ImagePart>;
  isError: boolean;
}

export interface ThinkingPart {
  type: 'thinking';
  text: string;
  signature?: string;
  /** Redacted thinking (base64, Anthropic `redacted_thinking.data`); `text` is empty. */
  redacted?: string;
}

export type UserPart = TextPart | ImagePart | ToolResultPart;
export type AssistantPart = TextPart | ToolCallPart | ThinkingPart;

/**
 * `system` inside `messages` is an instruction that stands at that point of the conversation
 * (OpenAI `developer` turns, Claude Code's `role:"system"` entries). The top-level system prompt is
 * `CanonicalRequest.system`.
 */
export type Message =
  | { role: 'user'; content: UserPart[] }
  | { role: 'assistant'; content: AssistantPart[] }
  | { role: 'system'; content: TextPart[] };

export interface ToolDefinition {
  name: string;
  description: string;
  inputSchema: JsonObject;
}

export type ToolChoice =
  | { type: 'auto' }
  | { type: 'none' }
  | { type: 'required' }
  | { type: 'tool'; name: string };

/** `display: 'omitted'` asks for thinking blocks without their text (signature only). */
export type ThinkingConfig =
  | { type: 'enabled'; budgetTokens: number; display?: 'summarized' | 'omitted' }
  | { type: 'adaptive'; effort: 'low' | 'medium' | 'high'; display?: 'summarized' | 'omitted' };

export interface CanonicalRequest {
  /** The model name exactly as the client sent it. */
  model: string;
  /** System prompt segments, in order. */
  system: string[];
  messages: Message[];
  tools: ToolDefinition[];
  toolChoice?: ToolChoice;
  thinking?: ThinkingConfig;
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stopSequences?: string[];
  stream: boolean;
  /** The client asked for a final usage chunk in the stream (OpenAI `stream_options.include_usage`). */
  includeUsage?: boolean;
  /**
   * Conversation identity hints: Claude Code's `metadata.user_id` (which holds its session id), OpenAI
   * `user`; `sessionId` from OpenAI `prompt_cache_key` or Claude Code's `x-claude-code-session-id`.
   */
  metadata: { userId?: string; sessionId?: string };
}
