import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import {
  anthropicCountTokensRequestSchema,
  anthropicMessagesRequestSchema,
} from '../anthropic-messages/anthropic-messages-request-schema.ts';
import {
  anthropicCountTokensResponseSchema,
  anthropicMessagesResponseSchema,
} from '../anthropic-messages/anthropic-messages-response-schemas.ts';
import { openAiChatRequestSchema } from '../openai-chat/openai-chat-request-schema.ts';
import {
  openAiChatResponseSchema,
  openAiErrorBodySchema,
} from '../openai-chat/openai-chat-response-schemas.ts';
import { openAiResponsesRequestSchema } from '../openai-responses/openai-responses-request-schema.ts';
import { buildOpenApiDocument } from './build-openapi-document.ts';
import { openApiExamples } from './openapi-examples.ts';

// biome-ignore lint/suspicious/noExplicitAny: the document is walked by the assertions that read it
type Json = Record<string, any>;

const document = buildOpenApiDocument({ serverUrl: 'https://gate.example', version: '1.2.3' }) as Json;

function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refsIn(item, out);
  else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string') out.push(inner);
      else refsIn(inner, out);
    }
  }
  return out;
}

describe('buildOpenApiDocument', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('is checked by a validator that refuses a broken document', async () => {
    const broken = structuredClone(document);
    delete broken.paths['/v1/models'].get.responses['200'].description;
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });

  it('points every $ref at a component that exists', () => {
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) {
      const match = /^#\/components\/schemas\/([A-Za-z]+)$/.exec(ref);
      expect(match, ref).not.toBeNull();
      expect(document.components.schemas[match![1]!], ref).toBeDefined();
    }
  });

  it('lists the five public routes with both ways to send the key, on the given server', () => {
    expect(Object.keys(document.paths).sort()).toEqual([
      '/v1/chat/completions',
      '/v1/messages',
      '/v1/messages/count_tokens',
      '/v1/models',
      '/v1/responses',
    ]);
    expect(document.servers).toEqual([{ url: 'https://gate.example' }]);
    expect(document.info.version).toBe('1.2.3');
    expect(document.security).toEqual([{ bearerKey: [] }, { apiKeyHeader: [] }]);
    expect(document.components.securitySchemes.apiKeyHeader).toMatchObject({
      in: 'header',
      name: 'x-api-key',
    });
  });

  it('documents every field of the request schemas, with the types the gateway checks', () => {
    const chat = document.components.schemas.ChatCompletionRequest;
    expect(Object.keys(chat.properties).sort()).toEqual(Object.keys(openAiChatRequestSchema.shape).sort());
    expect(chat.required).toEqual(['model', 'messages']);
    expect(chat.properties.temperature.anyOf).toContainEqual({ type: 'number', minimum: 0, maximum: 2 });
    expect(chat.properties.messages.minItems).toBe(1);
    const messages = document.components.schemas.MessagesRequest;
    expect(messages.required).toContain('max_tokens');
    expect(messages.properties.temperature.anyOf).toContainEqual({ type: 'number', minimum: 0, maximum: 1 });
    expect(Object.keys(document.components.schemas.ResponsesRequest.properties).sort()).toEqual(
      Object.keys(openAiResponsesRequestSchema.shape).sort(),
    );
  });

  it('describes tools as clients send them, before the gateway normalises them', () => {
    const tools = document.components.schemas.ChatCompletionRequest.properties.tools;
    const variants = tools.anyOf[0].items.anyOf;
    expect(variants[0].properties.type).toEqual({ type: 'string', const: 'function' });
    expect(variants[0].required).toEqual(['type', 'function']);
  });

  it('uses the error statuses the error codes map to', () => {
    const responses = document.paths['/v1/messages'].post.responses;
    for (const status of ['400', '401', '429', '503']) {
      expect(responses[status].content['application/json'].schema).toEqual({
        $ref: '#/components/schemas/AnthropicError',
      });
    }
    expect(responses['200'].content['text/event-stream']).toBeDefined();
  });

  it('carries examples the gateway itself would accept and produce', () => {
    expect(openAiChatRequestSchema.safeParse(openApiExamples.chatRequest).success).toBe(true);
    expect(openAiChatResponseSchema.safeParse(openApiExamples.chatResponse).success).toBe(true);
    expect(anthropicMessagesRequestSchema.safeParse(openApiExamples.messagesRequest).success).toBe(true);
    expect(anthropicMessagesResponseSchema.safeParse(openApiExamples.messagesResponse).success).toBe(true);
    expect(anthropicCountTokensRequestSchema.safeParse(openApiExamples.countTokensRequest).success).toBe(
      true,
    );
    expect(anthropicCountTokensResponseSchema.safeParse(openApiExamples.countTokensResponse).success).toBe(
      true,
    );
    expect(openAiResponsesRequestSchema.safeParse(openApiExamples.responsesRequest).success).toBe(true);
    expect(openAiErrorBodySchema.safeParse(openApiExamples.openAiError).success).toBe(true);
    const chat = document.paths['/v1/chat/completions'].post;
    expect(chat.requestBody.content['application/json'].example).toEqual(openApiExamples.chatRequest);
  });
});
