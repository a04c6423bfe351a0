import { expect } from 'vitest';
import type { Api, RawResponse } from './raw-http.ts';
import type { TestGateway } from './start-test-gateway.ts';

export interface ExpectedError {
  status: number;
  /** OpenAI `error.type` / Anthropic `error.type`. */
  type: string;
  /** OpenAI `error.code`. */
  code?: string;
  message?: RegExp;
}

/**
 * Checks an error answer in the caller's own protocol: OpenAI `{"error":{message,type,param,code}}`,
 * Anthropic `{"type":"error","error":{type,message}}`, JSON, with the expected status.
 */
export function expectErrorResponse(api: Api, response: RawResponse, expected: ExpectedError): string {
  expect(response.status, response.text).toBe(expected.status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = JSON.parse(response.text) as Record<string, unknown>;
  const error = expectErrorBody(api, body, expected);
  return error.message;
}

/** The same checks on an error object, for in-band errors in a stream. */
export function expectErrorBody(
  api: Api,
  body: Record<string, unknown>,
  expected: Omit<ExpectedError, 'status'>,
): { message: string } {
  if (api === 'openai') {
    expect(Object.keys(body)).toEqual(['error']);
    const error = body.error as Record<string, unknown>;
    expect(error).toEqual({
      message: expect.any(String),
      type: expected.type,
      param: error.param === null ? null : expect.any(String),
      code: expected.code ?? expect.any(String),
    });
    if (expected.message) expect(error.message).toMatch(expected.message);
    return error as { message: string };
  }
  expect(body).toEqual({ type: 'error', error: { type: expected.type, message: expect.any(String) } });
  const error = body.error as { message: string };
  if (expected.message) expect(error.message).toMatch(expected.message);
  return error;
}

/** Error bodies must carry neither a stack trace nor any credential. */
export function expectNoLeak(text: string, gateway: TestGateway): void {
  expect(text).not.toContain(gateway.refreshToken);
  expect(text).not.toContain(gateway.proxyApiKey);
  expect(text).not.toMatch(/\baoa[A-Za-z0-9_-]{8,}/);
  expect(text).not.toMatch(/\bat .+\(?[\w/\\.-]+:\d+:\d+\)?/);
  expect(text).not.toMatch(/node_modules|\/src\/|\.ts\b/);
}
