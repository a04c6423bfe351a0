import { describe, expect, it } from 'vitest';
import { authKindOf } from './auth-kind-of.ts';

describe('authKindOf', () => {
  it('is IdC exactly when both clientId and clientSecret are present', () => {
    expect(authKindOf({ clientId: 'id', clientSecret: 'secret' })).toBe('idc');
    expect(authKindOf({ clientId: 'id' })).toBe('social');
    expect(authKindOf({ clientSecret: 'secret' })).toBe('social');
    expect(authKindOf({ clientId: '', clientSecret: 'secret' })).toBe('social');
    expect(authKindOf({})).toBe('social');
  });

  it('lets an explicit method override the rule, in every spelling the tools write', () => {
    expect(authKindOf({ authMethod: 'social', clientId: 'id', clientSecret: 'secret' })).toBe('social');
    expect(authKindOf({ authMethod: 'IdC' })).toBe('idc');
    expect(authKindOf({ authMethod: 'builder-id' })).toBe('idc');
    expect(authKindOf({ authMethod: 'iam' })).toBe('idc');
    expect(authKindOf({ auth: 'Social', clientId: 'id', clientSecret: 'secret' })).toBe('social');
    expect(authKindOf({ auth: 'IdC' })).toBe('idc');
  });

  it('falls back to the rule for an unknown method', () => {
    expect(authKindOf({ authMethod: 'carrier-pigeon', clientId: 'id', clientSecret: 's' })).toBe('idc');
    expect(authKindOf({ authMethod: 42 })).toBe('social');
  });
});
