import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fakeRefreshToken } from './fake-refresh-token.ts';
import { machineIdFor, normalizeMachineId } from './machine-id-for.ts';

describe('machineIdFor', () => {
  it('derives a stable 64-hex id per refresh token', () => {
    const a = fakeRefreshToken('a');
    const id = machineIdFor({ refreshToken: a });
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(machineIdFor({ refreshToken: a })).toBe(id);
    expect(id).toBe(createHash('sha256').update(`KotlinNativeAPI/${a}`).digest('hex'));
    expect(machineIdFor({ refreshToken: fakeRefreshToken('b') })).not.toBe(id);
  });

  it('prefers a configured id, so it survives refresh-token rotation', () => {
    const configured = 'AB'.repeat(32);
    expect(machineIdFor({ refreshToken: fakeRefreshToken('a'), machineId: configured })).toBe(
      'ab'.repeat(32),
    );
    expect(machineIdFor({ refreshToken: fakeRefreshToken('b'), machineId: configured })).toBe(
      'ab'.repeat(32),
    );
  });

  it('doubles a UUID and ignores values that are neither form', () => {
    expect(normalizeMachineId('00112233-4455-6677-8899-aabbccddeeff')).toBe(
      '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff',
    );
    expect(normalizeMachineId('abc')).toBeUndefined();
    const refreshToken = fakeRefreshToken('a');
    expect(machineIdFor({ refreshToken, machineId: 'abc' })).toBe(machineIdFor({ refreshToken }));
  });
});
