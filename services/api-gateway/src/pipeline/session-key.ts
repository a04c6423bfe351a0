import { type Caller, callerLabel, hashSecret } from '@kirogate/contracts';
import type { CanonicalRequest } from '@kirogate/protocol';

const CLAUDE_CODE_SESSION = /session_([0-9a-f-]{36})/i;

/**
 * A conversation key, for credential affinity and Kiro's conversationId. In order: an explicit session
 * (Claude Code's `x-claude-code-session-id` header, OpenAI `prompt_cache_key`), Claude Code's session
 * id inside `metadata.user_id`, OpenAI `user`; else a hash of the system prompt and the conversation's
 * first user message (stable across turns). Always scoped to the caller.
 */
export function sessionKeyFor(request: CanonicalRequest, caller: Caller): string {
  const scoped = (kind: string, value: string) =>
    `${kind}:${hashSecret(`${callerLabel(caller)}
${value}`).slice(0, 32)}`;
  const { userId, sessionId } = request.metadata;
  if (sessionId) return scoped('s', sessionId);
  const session = userId ? CLAUDE_CODE_SESSION.exec(userId)?.[1] : undefined;
  if (session) return scoped('cc', session.toLowerCase());
  if (userId) return scoped('u', userId);
  const firstUser = request.messages.find((message) => message.role === 'user');
  const firstText = firstUser?.content.find((part) => part.type === 'text');
  const seed = `${callerLabel(caller)}\n${request.system.join('\n')}\n${firstText?.type === 'text' ? firstText.text : ''}`;
  return `h:${hashSecret(seed).slice(0, 32)}`;
}
