import { randomUUID } from 'node:crypto';
import {
  type CanonicalRequest,
  estimateInputTokens,
  type KiroRequestBody,
  toKiroRequest,
} from '@kirogate/protocol';
import type { ModelRegistry } from '../../pipeline/model-registry.ts';
import type { TokenCalibrator } from '../../pipeline/token-calibrator.ts';

/** One request converted for Kiro, once, before the first attempt: a plain value every attempt reuses. */
export interface KiroConversion {
  kiroModelId: string;
  contextWindow: number;
  /** Our tokenizer's estimate of the prompt. */
  estimatedInputTokens: number;
  /** The calibrated estimate: what `count_tokens` answers and `input_tokens` reports. */
  inputTokens: number;
  body: KiroRequestBody;
  /** Shortened tool name → the client's original (Kiro allows 64 characters). */
  toolNameMap: Record<string, string>;
  thinkingRequested: boolean;
  /** What the conversion dropped (remote images, unsupported parts), for logs and metrics. */
  warnings: string[];
}

export interface KiroConversionSettings {
  toolDescriptionMaxLength: number;
}

/**
 * Turns canonical requests into Kiro conversions, and learns from Kiro's context-usage reports how far
 * our token estimate is off (see `TokenCalibrator`).
 */
export class KiroConverter {
  readonly #models: ModelRegistry;
  readonly #calibrator: TokenCalibrator;
  readonly #settings: KiroConversionSettings;

  constructor(models: ModelRegistry, calibrator: TokenCalibrator, settings: KiroConversionSettings) {
    this.#models = models;
    this.#calibrator = calibrator;
    this.#settings = settings;
  }

  convert(request: CanonicalRequest): KiroConversion {
    const model = this.#models.resolve(request.model);
    const estimatedInputTokens = estimateInputTokens(request);
    // profileArn is added by the Kiro client, which knows it belongs to social credentials only.
    const { body, toolNameMap, warnings } = toKiroRequest(request, {
      modelId: model.kiroModelId,
      conversationId: randomUUID(),
      toolDescriptionMaxLength: this.#settings.toolDescriptionMaxLength,
    });
    return {
      kiroModelId: model.kiroModelId,
      contextWindow: model.contextWindow,
      estimatedInputTokens,
      inputTokens: this.#calibrator.calibrate(model.kiroModelId, estimatedInputTokens),
      body,
      toolNameMap,
      thinkingRequested: request.thinking !== undefined,
      warnings,
    };
  }

  /** `count_tokens`: the same number `convert` reports as `inputTokens`, without building a body. */
  countTokens(request: CanonicalRequest): number {
    const model = this.#models.resolve(request.model);
    return this.#calibrator.calibrate(model.kiroModelId, estimateInputTokens(request));
  }

  /** Kiro reported what share of the context window the request used. */
  observeContextUsage(conversion: KiroConversion, percentage: number, outputTokens: number): void {
    this.#calibrator.observe(conversion.kiroModelId, {
      estimatedInputTokens: conversion.estimatedInputTokens,
      outputTokens,
      contextUsagePercentage: percentage,
      contextWindow: conversion.contextWindow,
    });
  }
}
