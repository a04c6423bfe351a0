import type { Lease } from '@kirogate/contracts';
import {
  type CanonicalRequest,
  estimateInputTokens,
  fromKiroEventBatches,
  type KiroEvent,
  type StreamEvent,
  toKiroRequest,
} from '@kirogate/protocol';
import { conversationIdFor } from './conversation-id.ts';
import type { ModelRegistry } from './model-registry.ts';
import type { TokenCalibrator } from './token-calibrator.ts';

export interface PlannerSettings {
  toolDescriptionMaxLength: number;
}

/** Everything decided about one request before the first upstream attempt. */
export interface RequestPlan {
  kiroModelId: string;
  contextWindow: number;
  /** What `count_tokens` answers and `input_tokens` reports for this request. */
  inputTokens: number;
  /** The Kiro body (the same for every attempt of this request). */
  buildBody(lease: Lease): object;
  /** Canonical events for the Kiro event batches, batch by batch. */
  convertEvents(batches: AsyncIterable<readonly KiroEvent[]>): AsyncIterable<StreamEvent[]>;
  observeContextUsage(percentage: number, outputTokens: number): void;
}

export class RequestPlanner {
  readonly #models: ModelRegistry;
  readonly #calibrator: TokenCalibrator;
  readonly #settings: PlannerSettings;

  constructor(models: ModelRegistry, calibrator: TokenCalibrator, settings: PlannerSettings) {
    this.#models = models;
    this.#calibrator = calibrator;
    this.#settings = settings;
  }

  /** `sessionKey` (from `sessionKeyFor`) makes Kiro's conversationId the same on every turn. */
  plan(request: CanonicalRequest, sessionKey: string): RequestPlan {
    const model = this.#models.resolve(request.model);
    const rawInputTokens = estimateInputTokens(request);
    const inputTokens = this.#calibrator.calibrate(model.kiroModelId, rawInputTokens);
    const conversationId = conversationIdFor(sessionKey);
    let toolNameMap: Record<string, string> = {};
    const calibrator = this.#calibrator;
    const toolDescriptionMaxLength = this.#settings.toolDescriptionMaxLength;
    return {
      kiroModelId: model.kiroModelId,
      contextWindow: model.contextWindow,
      inputTokens,
      buildBody() {
        // profileArn is added by the Kiro client, which knows it belongs to social credentials only.
        const converted = toKiroRequest(request, {
          modelId: model.kiroModelId,
          conversationId,
          toolDescriptionMaxLength,
        });
        toolNameMap = converted.toolNameMap;
        return converted.body;
      },
      convertEvents(batches) {
        return fromKiroEventBatches(batches, {
          inputTokens,
          toolNameMap,
          thinkingRequested: request.thinking !== undefined,
        });
      },
      observeContextUsage(percentage, outputTokens) {
        calibrator.observe(model.kiroModelId, {
          estimatedInputTokens: rawInputTokens,
          outputTokens,
          contextUsagePercentage: percentage,
          contextWindow: model.contextWindow,
        });
      },
    };
  }
}
