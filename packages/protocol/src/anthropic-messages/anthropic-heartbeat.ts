import { formatSse } from '@kirogate/eventstream';

const ping = formatSse({ event: 'ping', data: JSON.stringify({ type: 'ping' }) });

/** Anthropic's own keep-alive event, which the SDK and Claude Code expect and skip. */
export function anthropicHeartbeat(): string {
  return ping;
}
