import type { ChatSettings } from './chat-settings.ts';

/** Opus models take longer to start and between events (the Python KiroGate's rule, kept). */
export function isSlowModel(kiroModelId: string): boolean {
  return /opus/i.test(kiroModelId);
}

/**
 * The settings for one request: for a slow model the first-token, stream-read and non-stream
 * timeouts are multiplied by `slowModelTimeoutMultiplier` (SLOW_MODEL_TIMEOUT_MULTIPLIER).
 */
export function settingsForModel(settings: ChatSettings, kiroModelId: string): ChatSettings {
  const factor = settings.slowModelTimeoutMultiplier;
  if (factor === 1 || !isSlowModel(kiroModelId)) return settings;
  return {
    ...settings,
    firstTokenTimeoutMs: Math.round(settings.firstTokenTimeoutMs * factor),
    streamReadTimeoutMs: Math.round(settings.streamReadTimeoutMs * factor),
    nonStreamTimeoutMs: Math.round(settings.nonStreamTimeoutMs * factor),
  };
}
