import type { JsonObject } from '../canonical/index.ts';

/** Body of `POST /generateAssistantResponse` (docs/kiro-protocol.md#request-body). Empty containers are omitted. */
export interface KiroRequestBody {
  conversationState: KiroConversationState;
  /** Only for social (Kiro desktop) credentials; IdC credentials must not send it. */
  profileArn?: string;
}

export interface KiroConversationState {
  chatTriggerType: 'MANUAL';
  conversationId: string;
  currentMessage: { userInputMessage: KiroUserInputMessage };
  /** Alternates user/assistant, starts with user and ends with assistant. */
  history?: KiroHistoryEntry[];
}

export type KiroHistoryEntry =
  | { userInputMessage: KiroUserInputMessage }
  | { assistantResponseMessage: KiroAssistantResponseMessage };

export interface KiroUserInputMessage {
  content: string;
  modelId: string;
  origin: 'AI_EDITOR';
  images?: KiroImage[];
  userInputMessageContext?: KiroUserInputMessageContext;
}

export interface KiroUserInputMessageContext {
  tools?: KiroTool[];
  toolResults?: KiroToolResult[];
}

export type KiroImageFormat = 'png' | 'jpeg' | 'gif' | 'webp';

export interface KiroImage {
  format: KiroImageFormat;
  /** Base64 without any `data:` prefix. */
  source: { bytes: string };
}

export interface KiroTool {
  toolSpecification: {
    name: string;
    description: string;
    inputSchema: { json: JsonObject };
  };
}

export interface KiroToolResult {
  toolUseId: string;
  status: 'success' | 'error';
  content: Array<{ text: string }>;
}

export interface KiroAssistantResponseMessage {
  content: string;
  toolUses?: KiroToolUse[];
}

export interface KiroToolUse {
  toolUseId: string;
  name: string;
  /** An object, never a JSON string. */
  input: JsonObject;
}

/** `messageMetadataEvent.tokenUsage`; seen only in tests so far, every field optional. */
export interface KiroTokenUsage {
  uncachedInputTokens?: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
}

/**
 * One decoded frame of the answer stream (docs/kiro-protocol.md#frame-headers, #event-payloads), dispatched on `:message-type` and
 * `:event-type`. A tool call arrives as a run of `tool-use` events sharing `toolUseId`.
 */
export type KiroEvent =
  | { type: 'content'; content: string }
  | {
      type: 'tool-use';
      toolUseId: string;
      name: string;
      /** A fragment of the argument JSON; '' when the frame carried none. */
      input: string;
      stop: boolean;
    }
  /**
   * `reasoningContentEvent`: native thinking. A run of `text` deltas closed by a `signature`; or a
   * `redactedContent` block (base64), thinking the model may not show. Field names are unconfirmed.
   */
  | { type: 'reasoning'; text: string; signature?: string; redactedContent?: string }
  | { type: 'metering'; credits: number; unit?: string }
  | { type: 'context-usage'; percentage: number }
  | { type: 'metadata'; stopReason?: string; tokenUsage?: KiroTokenUsage }
  /** A suggested next prompt, not answer text. */
  | { type: 'followup-prompt' }
  | { type: 'exception'; exceptionType: string; message: string }
  | { type: 'error'; errorCode: string; errorMessage: string }
  | { type: 'unknown'; messageType: string; eventType: string };
