import { formatSseComment } from '@kirogate/eventstream';

const heartbeat = formatSseComment('keep-alive');

/** An SSE comment: OpenAI clients skip it, proxies and load balancers see a live connection. */
export function openAiHeartbeat(): string {
  return heartbeat;
}
