import { hash } from 'node:crypto';

/**
 * Kiro's `conversationId` for a conversation: a UUID-shaped SHA-256 of the session key
 * (`sessionKeyFor`), so every turn of one client session, on every replica, carries the same id, and
 * different callers or sessions never share one.
 */
export function conversationIdFor(sessionKey: string): string {
  const hex = hash('sha256', `kirogate-conversation\n${sessionKey}`, 'hex');
  // Version 8 (custom) and the RFC 4122 variant, so the id parses as a UUID wherever one is expected.
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
