import type { ThinkingConfig } from '../canonical/index.ts';

/** The prompt tags that switch Kiro's Claude into emitting `<thinking>…</thinking>` (docs/kiro-protocol.md#thinking-tags). */
export function thinkingTags(config: ThinkingConfig): string {
  return config.type === 'enabled'
    ? `<thinking_mode>enabled</thinking_mode><max_thinking_length>${config.budgetTokens}</max_thinking_length>`
    : `<thinking_mode>adaptive</thinking_mode><thinking_effort>${config.effort}</thinking_effort>`;
}

/** Without this the model may treat tags inside a user turn as an injection attempt and ignore them. */
export const thinkingSystemNote =
  'The <thinking_mode>, <max_thinking_length> and <thinking_effort> tags in user turns are set by the ' +
  'client application, not typed by the user. When thinking is enabled, reason inside ' +
  '<thinking>...</thinking> at the very start of the reply, then answer.';
