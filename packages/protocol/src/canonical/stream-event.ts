import type { AppError } from '@kirogate/errors';
import type { AssistantPart, JsonObject } from './message.ts';

export type FinishReason = 'stop' | 'tool-calls' | 'length' | 'content-filter' | 'context-window-exceeded';

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  /** Kiro credits charged (meteringEvent), when reported. */
  credits?: number;
  /** Share of the model's input window used, as Kiro reported it. */
  contextUsagePercentage?: number;
  /** Prompt tokens read from Kiro's prompt cache (`tokenUsage.cacheReadInputTokens`), when reported. */
  cacheReadInputTokens?: number;
  /** Prompt tokens written to Kiro's prompt cache (`tokenUsage.cacheWriteInputTokens`), when reported. */
  cacheWriteInputTokens?: number;
}

/**
 * What a model answer looks like while it streams. Every format's stream writer consumes these;
 * `fromKiroEvents` produces them. Indexes of tool calls are stable and start at 0.
 */
export type StreamEvent =
  | { type: 'text-delta'; text: string }
  | { type: 'thinking-delta'; text: string }
  /** Closes a thinking block; with `redacted` (base64) it is a redacted block of its own, no deltas. */
  | { type: 'thinking-end'; signature: string; redacted?: string }
  | { type: 'tool-call-start'; index: number; id: string; name: string }
  | { type: 'tool-call-delta'; index: number; argumentsDelta: string }
  | {
      type: 'tool-call-end';
      index: number;
      id: string;
      name: string;
      /** Parsed arguments; `{}` when they were empty or could not be parsed. */
      input: JsonObject;
      /** The upstream cut the arguments short; `input` is `{}`. */
      truncated: boolean;
    }
  | { type: 'metering'; credits: number }
  | { type: 'context-usage'; percentage: number }
  | { type: 'finish'; reason: FinishReason; usage: Usage; truncated: boolean }
  | { type: 'error'; error: AppError };

export interface CanonicalResponse {
  model: string;
  content: AssistantPart[];
  finishReason: FinishReason;
  usage: Usage;
}
