import { type Caller, callerLabel, hashSecret } from '@kirogate/contracts';
import type { CanonicalRequest } from '@kirogate/protocol';

const CLAUDE_CODE_SESSION = /session_([0-9a-f-]{36})/i;

/**
 * A conversation key for credential affinity: Claude Code's session id from `metadata.user_id` when
 * present, else a hash of the caller and the conversation's first user message (stable across turns).
 */
export function sessionKeyFor(request: CanonicalRequest, caller: Caller): string {
  const userId = request.metadata.userId;
  const session = userId ? CLAUDE_CODE_SESSION.exec(userId)?.[1] : undefined;
  if (session) return `cc:${session.toLowerCase()}`;
  const firstUser = request.messages.find((message) => message.role === 'user');
  const firstText = firstUser?.content.find((part) => part.type === 'text');
  const seed = `${callerLabel(caller)}\n${request.system.join('\n')}\n${firstText?.type === 'text' ? firstText.text : ''}`;
  return `h:${hashSecret(seed).slice(0, 32)}`;
}
