import { AppError, type ErrorCode, errorCodes, httpStatusFor } from '@kirogate/errors';
import { parseSse } from '@kirogate/eventstream';
import { describe, expect, it } from 'vitest';
import { drain, replay } from '../shared/stream-test-kit.ts';
import { anthropicHeartbeat } from './anthropic-heartbeat.ts';
import { toAnthropicError } from './to-anthropic-error.ts';
import { toAnthropicStreamError } from './to-anthropic-stream-error.ts';

const type = (code: ErrorCode) => toAnthropicError(new AppError(code, 'x')).body.error.type;

describe('toAnthropicError', () => {
  it('renders every code in the Anthropic envelope with its HTTP status', () => {
    for (const code of errorCodes) {
      const rendered = toAnthropicError(new AppError(code, `message for ${code}`));
      expect(rendered.status, code).toBe(httpStatusFor(code));
      expect(rendered.body.type).toBe('error');
      if (code !== 'CONTEXT_TOO_LONG') expect(rendered.body.error.message).toBe(`message for ${code}`);
    }
  });

  it('uses the error types Anthropic clients branch on', () => {
    expect(type('INVALID_REQUEST')).toBe('invalid_request_error');
    expect(type('UNAUTHENTICATED')).toBe('authentication_error');
    expect(type('FORBIDDEN')).toBe('permission_error');
    expect(type('MODEL_NOT_FOUND')).toBe('not_found_error');
    expect(type('PAYLOAD_TOO_LARGE')).toBe('request_too_large');
    expect(type('UPSTREAM_QUOTA_EXHAUSTED')).toBe('rate_limit_error');
    expect(type('UPSTREAM_OVERLOADED')).toBe('overloaded_error');
    expect(type('UPSTREAM_TIMEOUT')).toBe('timeout_error');
    expect(type('INTERNAL')).toBe('api_error');
    expect(toAnthropicError(new AppError('UPSTREAM_OVERLOADED', 'busy')).status).toBe(529);
    expect(toAnthropicError(new AppError('UPSTREAM_TIMEOUT', 'slow')).status).toBe(504);
  });

  it('words a context overflow the way Claude Code recognises, with the token counts when known', () => {
    const counted = new AppError('CONTEXT_TOO_LONG', 'Model context limit reached', {
      promptTokens: 210_345,
      maxPromptTokens: 200_000,
    });
    expect(toAnthropicError(counted).body).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'prompt is too long: 210345 tokens > 200000 maximum' },
    });
    const uncounted = new AppError('CONTEXT_TOO_LONG', 'Conversation size exceeds model capacity.');
    expect(toAnthropicError(uncounted).body.error.message).toBe(
      'prompt is too long: Conversation size exceeds model capacity.',
    );
    const already = new AppError('CONTEXT_TOO_LONG', 'prompt is too long: Model context limit reached.');
    expect(toAnthropicError(already).body.error.message).toBe(
      'prompt is too long: Model context limit reached.',
    );
    expect(toAnthropicError(already).status).toBe(400);
  });

  it('sends retry-after in whole seconds when the error says when to retry', () => {
    expect(
      toAnthropicError(new AppError('RATE_LIMITED', 'slow down', { retryAfterSeconds: 30 })).headers,
    ).toEqual({
      'retry-after': '30',
    });
    expect(toAnthropicError(new AppError('RATE_LIMITED', 'slow down')).headers).toEqual({});
  });

  it('renders the in-stream error as an `error` event carrying the same body', async () => {
    const error = new AppError('UPSTREAM_ERROR', 'Upstream failed');
    const [event, ...rest] = await drain(parseSse(replay([toAnthropicStreamError(error)])));
    expect(rest).toEqual([]);
    expect(event?.event).toBe('error');
    expect(JSON.parse(event?.data ?? '')).toEqual(toAnthropicError(error).body);
  });

  it('sends ping events as the heartbeat', async () => {
    const events = await drain(parseSse(replay([anthropicHeartbeat(), anthropicHeartbeat()])));
    expect(events).toEqual([
      expect.objectContaining({ event: 'ping', data: '{"type":"ping"}' }),
      expect.objectContaining({ event: 'ping', data: '{"type":"ping"}' }),
    ]);
  });
});
