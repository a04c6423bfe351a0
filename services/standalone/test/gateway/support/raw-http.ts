import { parseSse, type SseEvent } from '@kirogate/eventstream';

export type Api = 'openai' | 'anthropic';

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
}

export const chatPath: Record<Api, string> = {
  openai: '/v1/chat/completions',
  anthropic: '/v1/messages',
};

/** The smallest valid chat request of each protocol, with `content` as the user's message. */
export function minimalChat(api: Api, content: string, extra: Record<string, unknown> = {}): object {
  const messages = [{ role: 'user', content }];
  return api === 'openai'
    ? { model: 'claude-sonnet-4-6', messages, ...extra }
    : { model: 'claude-sonnet-4-6', max_tokens: 256, messages, ...extra };
}

/** Headers that authenticate with `key` the way each protocol's SDK does. */
export function authHeaders(api: Api, key: string): Record<string, string> {
  return api === 'openai'
    ? { authorization: `Bearer ${key}` }
    : { 'x-api-key': key, 'anthropic-version': '2023-06-01' };
}

/** POSTs `body` (sent verbatim when it is a string) and reads the whole answer. */
export async function post(
  url: string,
  body: string | object,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** Reads an SSE body to its end; a body the server cuts off rejects. */
export async function readSse(response: Response): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  if (!response.body) return events;
  for await (const event of parseSse(response.body)) events.push(event);
  return events;
}
