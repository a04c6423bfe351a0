import { errorCodes, httpStatusFor } from '@kirogate/errors';
import { z } from 'zod';
import {
  anthropicCountTokensRequestSchema,
  anthropicMessagesRequestSchema,
} from '../anthropic-messages/anthropic-messages-request-schema.ts';
import {
  anthropicCountTokensResponseSchema,
  anthropicErrorBodySchema,
  anthropicMessagesResponseSchema,
  anthropicModelListSchema,
} from '../anthropic-messages/anthropic-messages-response-schemas.ts';
import { openAiChatRequestSchema } from '../openai-chat/openai-chat-request-schema.ts';
import {
  openAiChatResponseSchema,
  openAiErrorBodySchema,
  openAiModelListSchema,
} from '../openai-chat/openai-chat-response-schemas.ts';
import { openAiResponsesRequestSchema } from '../openai-responses/openai-responses-request-schema.ts';
import { openAiResponsesResponseSchema } from '../openai-responses/openai-responses-response-schemas.ts';
import { jsonValueSchema } from '../shared/json-value.ts';
import { openApiExamples } from './openapi-examples.ts';

export interface OpenApiOptions {
  /** The address clients call, e.g. `https://kirogate.example.com` (no trailing slash). */
  serverUrl: string;
  version: string;
}

/** The zod schemas the gateway validates with (requests) and builds its answers from (responses). */
const components = {
  JsonValue: jsonValueSchema,
  ChatCompletionRequest: openAiChatRequestSchema,
  ChatCompletion: openAiChatResponseSchema,
  OpenAiError: openAiErrorBodySchema,
  OpenAiModelList: openAiModelListSchema,
  MessagesRequest: anthropicMessagesRequestSchema,
  Message: anthropicMessagesResponseSchema,
  CountTokensRequest: anthropicCountTokensRequestSchema,
  CountTokensResponse: anthropicCountTokensResponseSchema,
  AnthropicError: anthropicErrorBodySchema,
  AnthropicModelList: anthropicModelListSchema,
  ResponsesRequest: openAiResponsesRequestSchema,
  Response: openAiResponsesResponseSchema,
} as const;

type ComponentName = keyof typeof components;
type JsonSchema = Record<string, unknown>;

/** JSON Schema 2020-12 for every component, `$ref`s pointing at `#/components/schemas/<name>`. */
function componentSchemas(): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(components)) registry.add(schema, { id });
  // `input`: requests are documented as clients send them, before the schemas' normalising transforms.
  const { schemas } = z.toJSONSchema(registry, {
    io: 'input',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  });
  // Each schema is a component of this document, not a stand-alone JSON Schema resource.
  return Object.fromEntries(
    Object.entries(schemas).map(([id, { $schema: _schema, $id: _id, ...schema }]) => [id, schema]),
  );
}

const ref = (name: ComponentName) => ({ $ref: `#/components/schemas/${name}` });

/** Every HTTP status an error code maps to, so the document lists what the gateway really answers. */
function errorResponses(errorSchema: 'OpenAiError' | 'AnthropicError'): Record<string, unknown> {
  const statuses = [...new Set(errorCodes.map(httpStatusFor))].sort((a, b) => a - b);
  return Object.fromEntries(
    statuses.map((status) => [
      String(status),
      {
        description: ERROR_DESCRIPTIONS[status] ?? 'Error',
        content: { 'application/json': { schema: ref(errorSchema) } },
      },
    ]),
  );
}

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'The request is invalid; the message names the field.',
  401: 'No key, or a key that is unknown, disabled or banned.',
  403: 'The caller may not do this (address blocked, self-use mode).',
  404: 'Unknown model or endpoint.',
  409: 'Conflict.',
  413: 'The body is larger than the gateway accepts.',
  429: 'A rate limit or budget is used up; `Retry-After` says when to come back.',
  500: 'Internal error.',
  502: 'Kiro answered with an error.',
  503: 'No credential is available or a dependency is down; retry later.',
  504: 'Kiro did not answer in time.',
};

const sseNote =
  'With `"stream": true` the answer is `text/event-stream`; an error after the first byte arrives in-band ' +
  'and ends the stream.';

function chatOperation(options: {
  summary: string;
  tag: string;
  request: ComponentName;
  response: ComponentName;
  error: 'OpenAiError' | 'AnthropicError';
  requestExample: unknown;
  responseExample?: unknown;
  streams: boolean;
  headers?: unknown[];
}) {
  return {
    tags: [options.tag],
    summary: options.summary,
    ...(options.streams ? { description: sseNote } : {}),
    ...(options.headers ? { parameters: options.headers } : {}),
    requestBody: {
      required: true,
      content: { 'application/json': { schema: ref(options.request), example: options.requestExample } },
    },
    responses: {
      '200': {
        description: 'The answer.',
        content: {
          'application/json': {
            schema: ref(options.response),
            ...(options.responseExample === undefined ? {} : { example: options.responseExample }),
          },
          ...(options.streams
            ? { 'text/event-stream': { schema: { type: 'string', description: 'Server-sent events.' } } }
            : {}),
        },
      },
      ...errorResponses(options.error),
    },
  };
}

const anthropicVersionHeader = {
  name: 'anthropic-version',
  in: 'header',
  required: false,
  description: 'Accepted for compatibility (e.g. `2023-06-01`).',
  schema: { type: 'string' },
};

/**
 * The OpenAPI 3.1 document of the public API, generated from the zod schemas the gateway validates
 * requests with and builds responses from.
 */
export function buildOpenApiDocument(options: OpenApiOptions): Record<string, unknown> {
  const examples = openApiExamples;
  return {
    openapi: '3.1.0',
    info: {
      title: 'KiroGate',
      version: options.version,
      summary: 'OpenAI- and Anthropic-compatible access to Claude through the Kiro backend.',
      license: { name: 'AGPL-3.0-only', identifier: 'AGPL-3.0-only' },
    },
    servers: [{ url: options.serverUrl }],
    security: [{ bearerKey: [] }, { apiKeyHeader: [] }],
    tags: [
      { name: 'OpenAI', description: 'OpenAI Chat Completions and Responses.' },
      { name: 'Anthropic', description: 'Anthropic Messages (also for Claude Code).' },
      { name: 'Models', description: 'The models this deployment offers.' },
    ],
    paths: {
      '/v1/chat/completions': {
        post: {
          operationId: 'createChatCompletion',
          ...chatOperation({
            summary: 'Chat completion (OpenAI)',
            tag: 'OpenAI',
            request: 'ChatCompletionRequest',
            response: 'ChatCompletion',
            error: 'OpenAiError',
            requestExample: examples.chatRequest,
            responseExample: examples.chatResponse,
            streams: true,
          }),
        },
      },
      '/v1/messages': {
        post: {
          operationId: 'createMessage',
          ...chatOperation({
            summary: 'Message (Anthropic)',
            tag: 'Anthropic',
            request: 'MessagesRequest',
            response: 'Message',
            error: 'AnthropicError',
            requestExample: examples.messagesRequest,
            responseExample: examples.messagesResponse,
            streams: true,
            headers: [anthropicVersionHeader],
          }),
        },
      },
      '/v1/messages/count_tokens': {
        post: {
          operationId: 'countTokens',
          ...chatOperation({
            summary: 'Count input tokens (Anthropic)',
            tag: 'Anthropic',
            request: 'CountTokensRequest',
            response: 'CountTokensResponse',
            error: 'AnthropicError',
            requestExample: examples.countTokensRequest,
            responseExample: examples.countTokensResponse,
            streams: false,
            headers: [anthropicVersionHeader],
          }),
        },
      },
      '/v1/responses': {
        post: {
          operationId: 'createResponse',
          ...chatOperation({
            summary: 'Response (OpenAI Responses API)',
            tag: 'OpenAI',
            request: 'ResponsesRequest',
            response: 'Response',
            error: 'OpenAiError',
            requestExample: examples.responsesRequest,
            streams: true,
          }),
        },
      },
      '/v1/models': {
        get: {
          operationId: 'listModels',
          tags: ['Models'],
          summary: 'List models',
          description: 'OpenAI’s list shape; Anthropic’s when the request carries `anthropic-version`.',
          parameters: [anthropicVersionHeader],
          responses: {
            '200': {
              description: 'The models.',
              content: {
                'application/json': {
                  schema: { oneOf: [ref('OpenAiModelList'), ref('AnthropicModelList')] },
                },
              },
            },
            '401': {
              description: ERROR_DESCRIPTIONS[401],
              content: {
                'application/json': { schema: ref('OpenAiError'), example: examples.openAiError },
              },
            },
          },
        },
      },
    },
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        bearerKey: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'sk-…',
          description: 'A key from the dashboard (`Authorization: Bearer sk-…`).',
        },
        apiKeyHeader: {
          type: 'apiKey',
          in: 'header',
          name: 'x-api-key',
          description: 'The same key in Anthropic’s header (`x-api-key: sk-…`).',
        },
      },
    },
  };
}
