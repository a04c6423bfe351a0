import { AppError, errorCodes, httpStatusFor } from '@kirogate/errors';
import { describe, expect, it } from 'vitest';
import { toOpenAiError } from './to-openai-error.ts';
import { toOpenAiStreamError } from './to-openai-stream-error.ts';

describe('toOpenAiError', () => {
  it('renders every code with its HTTP status and a distinct-enough OpenAI type/code', () => {
    for (const code of errorCodes) {
      const rendered = toOpenAiError(new AppError(code, `message for ${code}`));
      expect(rendered.status, code).toBe(httpStatusFor(code));
      expect(rendered.body.error.message).toBe(`message for ${code}`);
      expect(rendered.body.error.type, code).toMatch(/^[a-z_]+$/);
      expect(rendered.body.error.code, code).toMatch(/^[a-z_]+$/);
      expect(rendered.headers).toEqual({});
    }
  });

  it('uses the codes OpenAI clients branch on', () => {
    const code = (c: Parameters<typeof toOpenAiError>[0]['code']) =>
      toOpenAiError(new AppError(c, 'x')).body.error;
    expect(code('CONTEXT_TOO_LONG')).toMatchObject({
      type: 'invalid_request_error',
      code: 'context_length_exceeded',
    });
    expect(code('UPSTREAM_QUOTA_EXHAUSTED')).toMatchObject({
      type: 'insufficient_quota',
      code: 'insufficient_quota',
    });
    expect(code('RATE_LIMITED')).toMatchObject({ code: 'rate_limit_exceeded' });
    expect(code('UNAUTHENTICATED')).toMatchObject({ code: 'invalid_api_key' });
    expect(code('MODEL_NOT_FOUND')).toMatchObject({ code: 'model_not_found' });
    expect(code('INTERNAL')).toMatchObject({ type: 'server_error' });
  });

  it('names the field at fault and keeps the key order of the real API', () => {
    const error = new AppError('INVALID_REQUEST', 'messages[2].content: expected string', {
      param: 'messages[2].content',
    });
    const { body, status } = toOpenAiError(error);
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toBe(
      '{"error":{"message":"messages[2].content: expected string","type":"invalid_request_error",' +
        '"param":"messages[2].content","code":"invalid_request"}}',
    );
  });

  it('sends retry-after in whole seconds when the error says when to retry', () => {
    const rendered = toOpenAiError(
      new AppError('UPSTREAM_QUOTA_EXHAUSTED', 'quota', { retryAfterSeconds: 2.2 }),
    );
    expect(rendered.status).toBe(429);
    expect(rendered.headers).toEqual({ 'retry-after': '3' });
  });

  it("states a context overflow in OpenAI's words when the token counts are known", () => {
    const error = new AppError('CONTEXT_TOO_LONG', 'Model context limit reached', {
      promptTokens: 210_345,
      maxPromptTokens: 200_000,
    });
    const { error: body } = toOpenAiError(error).body;
    expect(body.message).toContain('maximum context length is 200000 tokens');
    expect(body.message).toContain('resulted in 210345 tokens');
    expect(body.param).toBe('messages');
    expect(toOpenAiError(new AppError('CONTEXT_TOO_LONG', 'Too long')).body.error.message).toBe('Too long');
  });

  it('renders the in-stream error as one data event holding the same body', () => {
    const error = new AppError('UPSTREAM_TIMEOUT', 'Model did not respond');
    const text = toOpenAiStreamError(error);
    expect(text.startsWith('data: ')).toBe(true);
    expect(text.endsWith('\n\n')).toBe(true);
    expect(JSON.parse(text.slice('data: '.length))).toEqual(toOpenAiError(error).body);
  });
});
