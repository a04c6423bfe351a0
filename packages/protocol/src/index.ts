export * from './anthropic-messages/index.ts';
export { collectResponse, ResponseCollector } from './canonical/collect-response.ts';
export * from './canonical/index.ts';
export { classifyKiroException } from './kiro/classify-kiro-exception.ts';
export { classifyKiroHttpError } from './kiro/classify-kiro-http-error.ts';
export { contextTooLongMessage } from './kiro/context-too-long-error.ts';
export { continueKiroBody } from './kiro/continue-kiro-body.ts';
export { detectImageFormat } from './kiro/detect-image-format.ts';
export { diagnoseTruncatedJson } from './kiro/diagnose-truncated-json.ts';
export {
  encodeKiroErrorFrame,
  encodeKiroEventFrame,
  encodeKiroExceptionFrame,
} from './kiro/encode-kiro-frame.ts';
export { fromKiroEventBatches, fromKiroEvents } from './kiro/from-kiro-events.ts';
export type { FromKiroEventsOptions } from './kiro/kiro-stream-converter.ts';
export { defaultMaxImageMessages } from './kiro/limit-images.ts';
export { parseKiroEvent } from './kiro/parse-kiro-event.ts';
export {
  kiroEventBatchesFromBytes,
  parseKiroEventStream,
} from './kiro/parse-kiro-event-stream.ts';
export {
  type KiroRequestConversion,
  type KiroRequestOptions,
  toKiroRequest,
} from './kiro/to-kiro-request.ts';
export { defaultToolDescriptionMaxLength } from './kiro/to-kiro-tools.ts';
export type {
  KiroAssistantResponseMessage,
  KiroConversationState,
  KiroEvent,
  KiroHistoryEntry,
  KiroImage,
  KiroImageFormat,
  KiroRequestBody,
  KiroTokenUsage,
  KiroTool,
  KiroToolResult,
  KiroToolUse,
  KiroUserInputMessage,
  KiroUserInputMessageContext,
} from './kiro/types.ts';
export {
  type ClaudeFamily,
  type ClaudeModelVersion,
  claudeModelVersion,
} from './models/claude-model-version.ts';
export { contextWindowFor, defaultContextWindow } from './models/context-window-for.ts';
export { normalizeModelName } from './models/normalize-model-name.ts';
export { publicModelName } from './models/public-model-name.ts';
export {
  type ModelCatalog,
  type ModelResolution,
  type ModelResolutionReason,
  resolveModel,
} from './models/resolve-model.ts';
export * from './openai-chat/index.ts';
export * from './openai-responses/index.ts';
export { countTokens } from './tokens/count-tokens.ts';
export { estimateInputTokens } from './tokens/estimate-input-tokens.ts';
export { type ContextUsageTokens, usageFromContext } from './tokens/usage-from-context.ts';
