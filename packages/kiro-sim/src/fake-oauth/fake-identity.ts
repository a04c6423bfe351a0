import { createHash } from 'node:crypto';

export interface FakeIdentity {
  id: number;
  login: string;
  name: string;
  avatarUrl: string;
  trustLevel: number;
}

const LOGIN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,38}$/;

/** A stable made-up user per login name, so `login_as=alice` is always the same account. */
export function fakeIdentity(login: string, trustLevel = 2): FakeIdentity | undefined {
  if (!LOGIN.test(login) || !Number.isInteger(trustLevel) || trustLevel < 0 || trustLevel > 4)
    return undefined;
  const id = createHash('sha256').update(login.toLowerCase()).digest().readUInt32BE(0) % 100_000_000;
  return {
    id,
    login,
    name: login.charAt(0).toUpperCase() + login.slice(1),
    avatarUrl: `https://avatars.kiro-sim.example/u/${id}`,
    trustLevel,
  };
}
