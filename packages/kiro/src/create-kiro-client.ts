import { AppError } from '@kirogate/errors';
import { classifyKiroHttpError } from '@kirogate/protocol';
import { Agent, type Dispatcher } from 'undici';
import { flowingChunks } from './flowing-chunks.ts';
import type { AuthKind, KiroCredential } from './kiro-credential.ts';
import type { KiroEndpoints } from './kiro-endpoints.ts';
import { type KiroApi, type KiroHeaderOptions, kiroHeaders } from './kiro-headers.ts';
import type { KiroUserAgent } from './kiro-user-agent.ts';
import { type KiroModel, parseAvailableModels } from './parse-available-models.ts';
import { parseUsageLimits, type UsageLimits } from './parse-usage-limits.ts';
import { readBoundedText } from './read-bounded-text.ts';
import { type RefreshOptions, type RefreshResult, refreshAccessToken } from './refresh-access-token.ts';
import { toUpstreamNetworkError } from './upstream-network-error.ts';

/** What a Kiro API call needs from a leased credential. */
export interface KiroAuth {
  accessToken: string;
  authKind: AuthKind;
  profileArn?: string;
  machineId: string;
}

export interface KiroCallOptions {
  signal?: AbortSignal;
}

export interface KiroModelList {
  defaultModelId?: string;
  models: KiroModel[];
}

export interface KiroClientOptions {
  endpoints: KiroEndpoints;
  /** Use this dispatcher instead of creating a keep-alive Agent; the client will not close it. */
  dispatcher?: Dispatcher;
  /** Connections per origin (undici default: unlimited). */
  connections?: number;
  keepAliveTimeout?: number;
  /** Time to the response headers, i.e. Kiro's first byte. */
  headersTimeout?: number;
  /** Longest silence between body chunks. */
  bodyTimeout?: number;
  userAgent?: Partial<KiroUserAgent>;
  /** Bytes of a non-200 body read to classify it. */
  errorBodyLimit?: number;
}

export interface KiroClient {
  /**
   * POSTs a conversationState; resolves when a 200's headers arrive with the raw event-stream bytes
   * (decode them with @kirogate/eventstream). Leaving the iteration early or aborting `signal` closes
   * the upstream connection.
   */
  generateAssistantResponse(
    body: object,
    auth: KiroAuth,
    options?: KiroCallOptions,
  ): Promise<AsyncIterable<Uint8Array>>;
  listAvailableModels(auth: KiroAuth, options?: KiroCallOptions): Promise<KiroModelList>;
  getUsageLimits(auth: KiroAuth, options?: KiroCallOptions): Promise<UsageLimits>;
  /** `refreshAccessToken` over this client's endpoints and connections. */
  refreshAccessToken(
    credential: KiroCredential,
    options?: Omit<RefreshOptions, 'dispatcher'>,
  ): Promise<RefreshResult>;
  close(): Promise<void>;
}

interface KiroCall {
  operation: string;
  method: 'GET' | 'POST';
  /** Below the API URL's own path, with its query string. */
  path: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal | undefined;
}

interface KiroQuery {
  operation: string;
  path: string;
  params: Record<string, string>;
  api: KiroApi;
  maxAttempts: number;
}

const listModelsQuery: KiroQuery = {
  operation: 'Kiro ListAvailableModels',
  path: '/ListAvailableModels',
  params: { origin: 'AI_EDITOR' },
  api: 'codewhispererstreaming',
  maxAttempts: 3,
};

// The IDE asks for quota once, from its runtime client, and never retries it.
const usageLimitsQuery: KiroQuery = {
  operation: 'Kiro getUsageLimits',
  path: '/getUsageLimits',
  params: { isEmailRequired: 'true', origin: 'AI_EDITOR', resourceType: 'AGENTIC_REQUEST' },
  api: 'codewhispererruntime',
  maxAttempts: 1,
};

// Kiro model lists are a page or two; the cap only guards against a nextToken that never ends.
const maxModelPages = 20;

export function createKiroClient(options: KiroClientOptions): KiroClient {
  const dispatcher =
    options.dispatcher ??
    new Agent({
      ...(options.connections !== undefined && { connections: options.connections }),
      ...(options.keepAliveTimeout !== undefined && { keepAliveTimeout: options.keepAliveTimeout }),
      ...(options.headersTimeout !== undefined && { headersTimeout: options.headersTimeout }),
      ...(options.bodyTimeout !== undefined && { bodyTimeout: options.bodyTimeout }),
    });
  const ownsDispatcher = options.dispatcher === undefined;
  // Origin and base path split once: undici's top-level request() parses the URL on every call.
  const api = new URL(options.endpoints.apiUrl);
  const apiOrigin = api.origin;
  const apiBasePath = api.pathname.replace(/\/+$/, '');
  const errorBodyLimit = options.errorBodyLimit ?? 64 * 1024;

  async function send(call: KiroCall): Promise<Dispatcher.ResponseData> {
    const { operation, signal, path, ...init } = call;
    let response: Dispatcher.ResponseData;
    try {
      response = await dispatcher.request({
        ...init,
        origin: apiOrigin,
        path: `${apiBasePath}${path}`,
        signal: signal ?? null,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw toUpstreamNetworkError(error, operation);
    }
    if (response.statusCode === 200) return response;
    const text = await readBoundedText(response.body, errorBodyLimit).catch(() => '');
    throw classifyKiroHttpError(response.statusCode, text, firstHeader(response.headers['retry-after']));
  }

  async function getJson(
    query: KiroQuery,
    auth: KiroAuth,
    signal: AbortSignal | undefined,
  ): Promise<unknown> {
    const params = new URLSearchParams(query.params);
    if (auth.authKind === 'social' && auth.profileArn) params.set('profileArn', auth.profileArn);
    const response = await send({
      operation: query.operation,
      method: 'GET',
      path: `${query.path}?${params}`,
      headers: kiroHeaders({ ...headerAuth(auth), api: query.api, maxAttempts: query.maxAttempts }),
      signal,
    });
    try {
      return await response.body.json();
    } catch (error) {
      if (signal?.aborted) throw error;
      const message = `${query.operation}: Kiro answered with unreadable JSON`;
      throw new AppError('UPSTREAM_ERROR', message, {}, { cause: error });
    }
  }

  function headerAuth(auth: KiroAuth): KiroHeaderOptions {
    return {
      accessToken: auth.accessToken,
      machineId: auth.machineId,
      ...(options.userAgent && { userAgent: options.userAgent }),
    };
  }

  return {
    async generateAssistantResponse(body, auth, callOptions = {}) {
      const { signal } = callOptions;
      const response = await send({
        operation: 'Kiro generateAssistantResponse',
        method: 'POST',
        path: '/generateAssistantResponse',
        headers: kiroHeaders(headerAuth(auth)),
        body: JSON.stringify(withProfileArn(body, auth)),
        signal,
      });
      return relayBody(response.body, signal);
    },

    async listAvailableModels(auth, callOptions = {}) {
      const models: KiroModel[] = [];
      let defaultModelId: string | undefined;
      let nextToken: string | undefined;
      for (let page = 0; page < maxModelPages; page++) {
        const params = nextToken ? { ...listModelsQuery.params, nextToken } : listModelsQuery.params;
        const query = { ...listModelsQuery, params };
        const parsed = parseAvailableModels(await getJson(query, auth, callOptions.signal));
        models.push(...parsed.models);
        defaultModelId ??= parsed.defaultModelId;
        nextToken = parsed.nextToken;
        if (!nextToken) break;
      }
      return defaultModelId === undefined ? { models } : { defaultModelId, models };
    },

    async getUsageLimits(auth, callOptions = {}) {
      return parseUsageLimits(await getJson(usageLimitsQuery, auth, callOptions.signal));
    },

    refreshAccessToken(credential, refreshOptions = {}) {
      return refreshAccessToken(credential, options.endpoints, {
        ...(options.userAgent && { userAgent: options.userAgent }),
        ...refreshOptions,
        dispatcher,
      });
    },

    async close() {
      if (ownsDispatcher) await dispatcher.close();
    },
  };
}

/** profileArn goes top level for social credentials only; Builder ID accounts reject it (docs/kiro-protocol.md#profilearn). */
function withProfileArn(body: object, auth: KiroAuth): object {
  if (auth.authKind === 'social') return auth.profileArn ? { ...body, profileArn: auth.profileArn } : body;
  if (!('profileArn' in body)) return body;
  const { profileArn: _dropped, ...rest } = body as Record<string, unknown>;
  return rest;
}

/**
 * Mid-stream socket failures surface as AppErrors like connect failures do; `return()` (the consumer
 * leaving early) destroys undici's body and with it the connection.
 */
function relayBody(
  body: Dispatcher.ResponseData['body'],
  signal: AbortSignal | undefined,
): AsyncIterable<Uint8Array> {
  const asError = (error: unknown): unknown =>
    signal?.aborted ? error : toUpstreamNetworkError(error, 'Kiro generateAssistantResponse stream');
  return { [Symbol.asyncIterator]: () => flowingChunks(body, asError) };
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
