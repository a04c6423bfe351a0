/** The three wire formats the bench speaks: the gateway's two dialects, and Kiro's for direct calls. */
export type WireFormat = 'openai' | 'anthropic' | 'kiro';

/** One HTTP request, ready to be sent any number of times. */
export interface RequestShape {
  format: WireFormat;
  origin: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export const benchModel = 'claude-sonnet-4.5';

export interface GatewayRequestInput {
  format: 'openai' | 'anthropic';
  origin: string;
  proxyApiKey: string;
  prompt: string;
  stream: boolean;
}

/** A chat request as an OpenAI or Anthropic SDK would send it, with the proxy key. */
export function gatewayRequest(input: GatewayRequestInput): RequestShape {
  const messages = [{ role: 'user', content: input.prompt }];
  if (input.format === 'openai') {
    return {
      format: 'openai',
      origin: input.origin,
      path: '/v1/chat/completions',
      headers: { authorization: `Bearer ${input.proxyApiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: benchModel, messages, stream: input.stream }),
    };
  }
  return {
    format: 'anthropic',
    origin: input.origin,
    path: '/v1/messages',
    headers: {
      'x-api-key': input.proxyApiKey,
      'anthropic-version': '2023-06-01',
      'content-type': 'application/json',
    },
    body: JSON.stringify({ model: benchModel, max_tokens: 1024, messages, stream: input.stream }),
  };
}
