import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkInternalAuth, internalAuthFragment } from './grpc-fragment.ts';

const schema = (uses: boolean) =>
  z.object(internalAuthFragment).superRefine((config, ctx) => checkInternalAuth(config, ctx, uses));

describe('INTERNAL_TOKEN', () => {
  it('is required where a service speaks gRPC, and must be long', () => {
    expect(schema(true).safeParse({}).error?.issues[0]?.path).toEqual(['INTERNAL_TOKEN']);
    expect(schema(false).safeParse({}).success).toBe(true);
    expect(schema(true).safeParse({ INTERNAL_TOKEN: 'short' }).success).toBe(false);
    expect(schema(true).safeParse({ INTERNAL_TOKEN: 'x'.repeat(32) }).success).toBe(true);
  });

  it('takes a TLS certificate only with its key', () => {
    const base = { INTERNAL_TOKEN: 'x'.repeat(32) };
    expect(schema(true).safeParse({ ...base, GRPC_TLS_CERT_FILE: '/c.pem' }).success).toBe(false);
    expect(
      schema(true).safeParse({ ...base, GRPC_TLS_CERT_FILE: '/c.pem', GRPC_TLS_KEY_FILE: '/k.pem' }).success,
    ).toBe(true);
  });
});
