import { request } from 'undici';
import type { RequestShape } from './request-shape.ts';

interface RecordedChat {
  headers: Record<string, string>;
  body: unknown;
  status: number;
}

// Set by undici for the bytes it sends; copying them would describe the old connection and body.
const transportHeaders = new Set([
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'authorization',
]);

/** An access token minted by the simulator's social refresh endpoint, for calling it directly. */
export async function simAccessToken(simUrl: string, refreshToken: string): Promise<string> {
  const response = await request(`${simUrl}/refreshToken`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken }),
  });
  const body = (await response.body.json()) as { accessToken?: string };
  if (response.statusCode !== 200 || !body.accessToken) {
    throw new Error(`kiro-sim /refreshToken answered ${response.statusCode}`);
  }
  return body.accessToken;
}

/**
 * Sends `gateway` once through the gateway and reads back, from the simulator's record of recent
 * chats, the exact Kiro request the gateway made for it. Replaying that request straight at the
 * simulator is the "direct" baseline: same headers, same body, same answer, no gateway. Call it when
 * no other traffic runs, so the last recorded chat is this one.
 */
export async function captureDirectRequest(
  gateway: RequestShape,
  prompt: string,
  simUrl: string,
  accessToken: string,
): Promise<RequestShape> {
  const sent = await request(`${gateway.origin}${gateway.path}`, {
    method: 'POST',
    headers: gateway.headers,
    body: gateway.body,
  });
  const answer = await sent.body.text();
  if (sent.statusCode !== 200) {
    throw new Error(`gateway ${gateway.path} answered ${sent.statusCode}: ${answer.slice(0, 300)}`);
  }
  const stats = await request(`${simUrl}/__sim/stats`);
  const { recentChats } = (await stats.body.json()) as { recentChats: RecordedChat[] };
  const chat = recentChats.at(-1);
  // The prompt is unique per shape, so finding it proves the record belongs to this request.
  if (chat?.status !== 200 || !JSON.stringify(chat.body).includes(JSON.stringify(prompt).slice(1, -1))) {
    throw new Error('kiro-sim recorded no successful chat for the captured request');
  }
  const headers: Record<string, string> = { authorization: `Bearer ${accessToken}` };
  for (const [name, value] of Object.entries(chat.headers)) {
    if (!transportHeaders.has(name)) headers[name] = value;
  }
  return {
    format: 'kiro',
    origin: simUrl,
    path: '/generateAssistantResponse',
    headers,
    body: JSON.stringify(chat.body),
  };
}
