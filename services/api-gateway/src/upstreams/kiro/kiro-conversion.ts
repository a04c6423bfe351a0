import { AppError } from '@kirogate/errors';
import {
  type CanonicalRequest,
  estimateInputTokens,
  type KiroRequestBody,
  toKiroRequest,
} from '@kirogate/protocol';
import { conversationIdFor } from '../../pipeline/conversation-id.ts';
import type { ModelRegistry } from '../../pipeline/model-registry.ts';

/** One request converted for Kiro, once, before the first attempt: a plain value every attempt reuses. */
export interface KiroConversion {
  kiroModelId: string;
  contextWindow: number;
  /**
   * Our tokenizer's estimate of the prompt: what `count_tokens` answers and `input_tokens` reports. A
   * pure function of the request, so every replica reports the same number for the same request.
   */
  inputTokens: number;
  body: KiroRequestBody;
  /** Shortened tool name → the client's original (Kiro allows 64 characters). */
  toolNameMap: Record<string, string>;
  thinkingRequested: boolean;
  /** What the conversion dropped (remote images, unsupported parts), for logs and metrics. */
  warnings: string[];
  /** The conversation's key (`sessionKeyFor`): credential affinity, and Kiro's conversationId. */
  sessionKey: string;
}

export interface KiroConversionSettings {
  toolDescriptionMaxLength: number;
  /** Kiro bodies above this many bytes are refused as "prompt is too long" before any call; 0 = no limit. */
  kiroMaxPayloadBytes: number;
  /** Kiro model ids (`prefix*` allowed) that think natively: no thinking tags for them. */
  nativeThinkingModels: readonly string[];
}

/**
 * Turns canonical requests into Kiro conversions. Token counts are estimates of our own tokenizer and
 * are not adjusted from Kiro's context-usage reports: an adjustment learnt in one process would make
 * replicas, and `count_tokens` and the later `input_tokens`, disagree.
 */
export class KiroConverter {
  readonly #models: ModelRegistry;
  readonly #settings: KiroConversionSettings;

  constructor(models: ModelRegistry, settings: KiroConversionSettings) {
    this.#models = models;
    this.#settings = settings;
  }

  /** `sessionKey` (`sessionKeyFor`) gives every turn of a conversation the same Kiro conversationId. */
  convert(request: CanonicalRequest, sessionKey: string): KiroConversion {
    const model = this.#models.resolve(request.model);
    const inputTokens = estimateInputTokens(request);
    // profileArn is added by the Kiro client, which knows it belongs to social credentials only.
    const { body, toolNameMap, warnings } = toKiroRequest(request, {
      modelId: model.kiroModelId,
      conversationId: conversationIdFor(sessionKey),
      toolDescriptionMaxLength: this.#settings.toolDescriptionMaxLength,
      thinkingTags: !this.#settings.nativeThinkingModels.some((pattern) =>
        pattern.endsWith('*')
          ? model.kiroModelId.startsWith(pattern.slice(0, -1))
          : model.kiroModelId === pattern,
      ),
    });
    this.#checkPayload(body, inputTokens);
    return {
      kiroModelId: model.kiroModelId,
      contextWindow: model.contextWindow,
      inputTokens,
      body,
      toolNameMap,
      thinkingRequested: request.thinking !== undefined,
      warnings,
      sessionKey,
    };
  }

  /** `count_tokens`: the same number `convert` reports as `inputTokens`, without building a body. */
  countTokens(request: CanonicalRequest): number {
    return estimateInputTokens(request);
  }

  /**
   * Kiro refuses bodies above a size it does not publish (CONTENT_LENGTH_EXCEEDS_THRESHOLD). Refusing
   * them here, before a credential is leased, in the words Claude Code compacts on, saves the round
   * trip; the token figures tell the client how much has to go.
   */
  #checkPayload(body: KiroRequestBody, inputTokens: number): void {
    const limit = this.#settings.kiroMaxPayloadBytes;
    if (limit <= 0) return;
    const bytes = Buffer.byteLength(JSON.stringify(body));
    if (bytes <= limit) return;
    throw new AppError('CONTEXT_TOO_LONG', `The request is ${bytes} bytes for Kiro, above its ${limit}.`, {
      promptTokens: inputTokens,
      maxPromptTokens: Math.max(1, Math.floor((inputTokens * limit) / bytes)),
    });
  }
}
