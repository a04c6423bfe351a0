import { type EventStreamMessage, headerString } from '@kirogate/eventstream';
import type { KiroEvent, KiroTokenUsage } from './types.ts';

type Payload = Record<string, unknown>;

const utf8 = new TextDecoder();

/**
 * Maps one decoded event-stream frame to a Kiro event by its `:message-type` and `:event-type`
 * headers. Payloads may be the event's members or wrapped in an object named after the event; both
 * are accepted. Unknown event types come back as `unknown` so that new upstream events are ignored.
 */
export function parseKiroEvent(message: EventStreamMessage): KiroEvent {
  const messageType = headerString(message, ':message-type') ?? 'event';
  const eventType = headerString(message, ':event-type') ?? '';
  const payload = readPayload(message.payload, eventType);
  if (messageType === 'exception') {
    return {
      type: 'exception',
      exceptionType: headerString(message, ':exception-type') ?? stringField(payload, '__type', 'type') ?? '',
      message: stringField(payload, 'message', 'Message', 'errorMessage') ?? '',
    };
  }
  if (messageType === 'error') {
    return {
      type: 'error',
      errorCode: headerString(message, ':error-code') ?? stringField(payload, 'errorCode', '__type') ?? '',
      errorMessage:
        headerString(message, ':error-message') ?? stringField(payload, 'errorMessage', 'message') ?? '',
    };
  }
  if (messageType !== 'event') return { type: 'unknown', messageType, eventType };
  if (payload === undefined) {
    return {
      type: 'error',
      errorCode: 'MalformedEventPayload',
      errorMessage: `Kiro sent an unreadable ${eventType || 'event'} payload`,
    };
  }
  return parseEvent(eventType, payload) ?? { type: 'unknown', messageType, eventType };
}

function parseEvent(eventType: string, payload: Payload): KiroEvent | undefined {
  switch (eventType) {
    case 'assistantResponseEvent':
      if (payload.followupPrompt) return { type: 'followup-prompt' };
      return { type: 'content', content: typeof payload.content === 'string' ? payload.content : '' };
    case 'toolUseEvent':
      return parseToolUse(payload);
    case 'meteringEvent': {
      const credits = numberField(payload, 'usage');
      if (credits === undefined) return undefined;
      const unit = stringField(payload, 'unit');
      return unit === undefined ? { type: 'metering', credits } : { type: 'metering', credits, unit };
    }
    case 'contextUsageEvent': {
      const percentage = numberField(payload, 'contextUsagePercentage');
      return percentage === undefined ? undefined : { type: 'context-usage', percentage };
    }
    case 'metadataEvent':
    case 'messageMetadataEvent':
      return parseMetadata(payload);
    case 'followupPromptEvent':
      return { type: 'followup-prompt' };
    case 'reasoningContentEvent': {
      const event: KiroEvent & { type: 'reasoning' } = {
        type: 'reasoning',
        text: typeof payload.text === 'string' ? payload.text : '',
      };
      const signature = stringField(payload, 'signature');
      if (signature !== undefined) event.signature = signature;
      const redacted = stringField(payload, 'redactedContent');
      if (redacted !== undefined) event.redactedContent = redacted;
      return event;
    }
    default:
      return undefined;
  }
}

function parseToolUse(payload: Payload): KiroEvent | undefined {
  const toolUseId = stringField(payload, 'toolUseId');
  if (toolUseId === undefined) return undefined;
  const { input } = payload;
  return {
    type: 'tool-use',
    toolUseId,
    name: stringField(payload, 'name') ?? '',
    input: typeof input === 'string' ? input : isObject(input) ? JSON.stringify(input) : '',
    stop: payload.stop === true,
  };
}

function parseMetadata(payload: Payload): KiroEvent {
  const event: KiroEvent & { type: 'metadata' } = { type: 'metadata' };
  const stopReason = stringField(payload, 'stopReason');
  if (stopReason !== undefined) event.stopReason = stopReason;
  if (isObject(payload.tokenUsage)) {
    const tokenUsage: KiroTokenUsage = {};
    for (const key of [
      'uncachedInputTokens',
      'cacheReadInputTokens',
      'cacheWriteInputTokens',
      'outputTokens',
      'totalTokens',
    ] as const) {
      const value = numberField(payload.tokenUsage, key);
      if (value !== undefined) tokenUsage[key] = value;
    }
    event.tokenUsage = tokenUsage;
  }
  return event;
}

/** The payload object (unwrapped), `{}` for an empty payload, undefined when it is not a JSON object. */
function readPayload(bytes: Uint8Array, eventType: string): Payload | undefined {
  if (bytes.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(bytes));
  } catch {
    return undefined;
  }
  if (!isObject(value)) return undefined;
  const wrapped = eventType === '' ? undefined : value[eventType];
  return isObject(wrapped) && Object.keys(value).length === 1 ? wrapped : value;
}

function isObject(value: unknown): value is Payload {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringField(payload: Payload | undefined, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = payload?.[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

function numberField(payload: Payload, key: string): number | undefined {
  const value = payload[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
