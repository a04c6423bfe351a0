import { randomBytes, randomUUID } from 'node:crypto';
import type { DestinationStream } from 'pino';
import { describe, expect, it } from 'vitest';
import { createLogger } from './create-logger.ts';
import { runWithContext } from './request-context.ts';

function capture() {
  const lines: string[] = [];
  const destination: DestinationStream = { write: (line: string) => void lines.push(line) };
  const logger = createLogger({ service: 'test', level: 'info', destination });
  return { logger, lines, text: () => lines.join('') };
}

const base64 = (bytes: number) => randomBytes(bytes).toString('base64');
const refreshToken = () => `aor${base64(9).replace(/[+/=]/g, 'A')}:${base64(240)}`;
const accessToken = () => `aoa${base64(12).replace(/[+/=]/g, 'B')}:${base64(180)}`;
const apiKey = () => `sk-${randomBytes(24).toString('hex')}`;
const jwt = () =>
  [{ alg: 'HS256' }, { sub: randomUUID() }]
    .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
    .concat(randomBytes(32).toString('base64url'))
    .join('.');

describe('createLogger redaction', () => {
  it('never writes a refresh token, wherever it is passed', () => {
    const { logger, lines, text } = capture();
    const token = refreshToken();
    const inner = new Error(`refresh failed for ${token}`);
    logger.info(`refreshing with ${token}`);
    logger.info('refreshing with %s', token);
    logger.info({ upstream: `body {"refreshToken":"${token}"}` }, 'field');
    logger.info({ a: { b: { c: { d: { e: { f: [`x ${token} y`] } } } } } }, 'nested');
    logger.error({ err: new Error('wrapped', { cause: inner }) }, 'cause');
    logger.error(inner);
    logger.child({ credential: token }).warn('binding');
    expect(lines).toHaveLength(7);
    expect(text()).not.toContain(token);
    expect(text()).not.toContain(token.slice(0, 40));
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(JSON.parse(lines[0] ?? '{}').msg).toBe('refreshing with [redacted]');
  });

  it('scrubs access tokens, sk- keys, bearer credentials, JWTs and URL passwords', () => {
    const { logger, text } = capture();
    const secrets = [accessToken(), apiKey(), jwt(), base64(30)];
    logger.info(
      {
        access: secrets[0],
        note: `key ${secrets[1]} and jwt ${secrets[2]}`,
        header: `Bearer ${secrets[3]}`,
        dsn: 'postgres://kg:Pg-Passw0rd@db:5432/kirogate',
      },
      'mixed',
    );
    const output = text();
    for (const secret of secrets) expect(output).not.toContain(secret);
    expect(output).not.toContain('Pg-Passw0rd');
    expect(output).toContain('Bearer [redacted]');
    expect(output).toContain('postgres://kg:[redacted]@db:5432/kirogate');
  });

  it('redacts sensitive fields by name at any depth, whatever they hold', () => {
    const { logger, text } = capture();
    const password = `pw-${randomUUID()}`;
    const cookie = `session=${randomUUID()}`;
    logger.info(
      {
        req: { headers: { authorization: 'Basic dXNlcjpwYXNz', 'x-api-key': 'plain-key', cookie } },
        res: { headers: { 'set-cookie': [cookie, `other=${randomUUID()}`] } },
        client: { clientSecret: 'cs', refresh_token: 'rt' },
        deep: { one: { two: { three: { four: { password } } } } },
      },
      'request',
    );
    const output = JSON.parse(text());
    expect(output.req.headers).toEqual({
      authorization: '[redacted]',
      'x-api-key': '[redacted]',
      cookie: '[redacted]',
    });
    expect(output.res.headers['set-cookie']).toBe('[redacted]');
    expect(output.client).toEqual({ clientSecret: '[redacted]', refresh_token: '[redacted]' });
    expect(output.deep.one.two.three.four.password).toBe('[redacted]');
    expect(text()).not.toContain(password);
  });

  it('leaves ordinary content alone', () => {
    const { logger, lines } = capture();
    const requestId = randomUUID();
    logger.info(
      { model: 'claude-sonnet-4-5-20250929', requestId, path: '/v1/messages?beta=true', tokens: 42 },
      'done',
    );
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      level: 'info',
      service: 'test',
      msg: 'done',
      model: 'claude-sonnet-4-5-20250929',
      requestId,
      path: '/v1/messages?beta=true',
      tokens: 42,
    });
  });
});

describe('createLogger context', () => {
  it('adds the request id of the current context to every line', async () => {
    const { logger, lines } = capture();
    const requestId = randomUUID();
    logger.info('outside');
    await runWithContext({ requestId }, async () => {
      logger.info('before await');
      await new Promise((resolve) => setTimeout(resolve, 1));
      logger.child({ part: 'upstream' }).info('after await');
    });
    const parsed = lines.map((line) => JSON.parse(line));
    expect(parsed[0].requestId).toBeUndefined();
    expect(parsed[1].requestId).toBe(requestId);
    expect(parsed[2].requestId).toBe(requestId);
  });

  it('drops lines below the configured level', () => {
    const { logger, lines } = capture();
    logger.debug('hidden');
    logger.warn('shown');
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual(['shown']);
  });
});
