import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerToken, searchParams, sendJson, sendKiroError } from './http-io.ts';
import { BEARER_TOKEN_INVALID, IMPROPERLY_FORMED } from './kiro-error-body.ts';
import { DEFAULT_MODEL_ID, MODEL_CATALOG } from './model-catalog.ts';
import type { SimContext } from './sim-context.ts';

const listed = MODEL_CATALOG.filter((model) => !model.hidden).map((model) => ({
  modelId: model.modelId,
  modelName: model.modelName,
  description: `${model.modelName} (kiro-sim)`,
  rateMultiplier: model.rateMultiplier,
  supportedInputTypes: ['TEXT', 'IMAGE'],
  tokenLimits: { maxInputTokens: model.maxInputTokens, maxOutputTokens: model.maxOutputTokens },
  supportsPromptCache: true,
}));

/** `GET /ListAvailableModels?origin=AI_EDITOR[&profileArn=…]` in one page (docs/kiro-protocol.md#listavailablemodels). */
export function handleListModels(
  context: SimContext,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  context.stats.request('GET /ListAvailableModels');
  if (!context.tokens.authenticate(bearerToken(request) ?? '')) {
    sendKiroError(response, BEARER_TOKEN_INVALID);
    return;
  }
  if (!searchParams(request.url ?? '').get('origin')) {
    sendKiroError(response, IMPROPERLY_FORMED);
    return;
  }
  sendJson(response, 200, { defaultModel: { modelId: DEFAULT_MODEL_ID }, models: listed, nextToken: null });
}
