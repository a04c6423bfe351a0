import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeEventStream, headerString } from '@kirogate/eventstream';
import { type KiroSim, startKiroSim } from '@kirogate/kiro-sim';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeRefreshToken } from '../src/fake-refresh-token.ts';
import {
  createKiroClient,
  type KiroAuth,
  type KiroClient,
  type KiroCredential,
  kiroEndpoints,
  loadCredentialsSource,
  machineIdFor,
  RefreshError,
  writeBackCredentialsFile,
} from '../src/index.ts';
import { rejectionOf } from '../src/rejection-of.ts';

let sim: KiroSim;
let client: KiroClient;
let dir: string;

beforeEach(async () => {
  sim = await startKiroSim({ rotation: 'revoke-rotated', splitWrites: true });
  client = createKiroClient({
    endpoints: kiroEndpoints({ region: 'us-east-1', apiUrl: sim.url, authUrl: sim.url, oidcUrl: sim.url }),
  });
  dir = await mkdtemp(join(tmpdir(), 'kiro-sim-'));
});

afterEach(async () => {
  await client.close();
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

function conversation(content: string) {
  return {
    conversationState: { chatTriggerType: 'MANUAL', currentMessage: { userInputMessage: { content } } },
  };
}

async function chatText(stream: AsyncIterable<Uint8Array>): Promise<string> {
  let text = '';
  for await (const message of decodeEventStream(stream)) {
    if (headerString(message, ':event-type') !== 'assistantResponseEvent') continue;
    text += (JSON.parse(Buffer.from(message.payload).toString('utf8')) as { content: string }).content;
  }
  return text;
}

async function refreshAndAuth(credential: KiroCredential): Promise<KiroAuth> {
  const refreshed = await client.refreshAccessToken(credential);
  return {
    accessToken: refreshed.accessToken,
    authKind: credential.authKind,
    machineId: machineIdFor(credential),
    ...((refreshed.profileArn ?? credential.profileArn) && {
      profileArn: refreshed.profileArn ?? credential.profileArn,
    }),
  };
}

describe('against the Kiro simulator', () => {
  it('loads a social file, refreshes, writes the rotation back and chats', async () => {
    const path = join(dir, 'kiro-auth-token.json');
    await writeFile(
      path,
      JSON.stringify({ refreshToken: fakeRefreshToken('sim'), authMethod: 'social', provider: 'Github' }),
    );
    const [credential] = (await loadCredentialsSource(path)).credentials;
    const refreshed = await client.refreshAccessToken(credential!);
    expect(refreshed.refreshToken).not.toBe(credential!.refreshToken);
    expect(refreshed.profileArn).toMatch(/^arn:aws:codewhisperer:us-east-1:\d{12}:profile\//);
    await writeBackCredentialsFile(path, 0, refreshed);
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({
      refreshToken: refreshed.refreshToken,
      provider: 'Github',
    });

    const auth: KiroAuth = {
      accessToken: refreshed.accessToken,
      authKind: 'social',
      profileArn: refreshed.profileArn!,
      machineId: machineIdFor(credential!),
    };
    expect(await chatText(await client.generateAssistantResponse(conversation('ping'), auth))).toBe(
      'You said: ping',
    );

    // The sim revokes rotated tokens, so only the written-back one still refreshes.
    const stale = await rejectionOf(client.refreshAccessToken(credential!));
    expect(stale).toBeInstanceOf(RefreshError);
    expect(stale).toMatchObject({ permanent: true });
    const [reloaded] = (await loadCredentialsSource(path)).credentials;
    await expect(client.refreshAccessToken(reloaded!)).resolves.toMatchObject({
      accessToken: expect.any(String),
    });
  });

  it('refreshes an IdC credential and chats without profileArn, which the sim would reject', async () => {
    const credential: KiroCredential = {
      authKind: 'idc',
      refreshToken: fakeRefreshToken('idc-sim'),
      region: 'us-east-1',
      clientId: 'sim-client',
      clientSecret: 'sim-client-secret',
    };
    sim.registerToken({
      refreshToken: credential.refreshToken,
      clientId: credential.clientId!,
      clientSecret: credential.clientSecret!,
    });
    const auth = await refreshAndAuth(credential);
    const withArn = { ...auth, profileArn: 'arn:aws:codewhisperer:us-east-1:123456789012:profile/X' };
    expect(await chatText(await client.generateAssistantResponse(conversation('hi'), withArn))).toBe(
      'You said: hi',
    );
  });

  it('lists models and reads usage limits with a refreshed token', async () => {
    const credential: KiroCredential = {
      authKind: 'social',
      refreshToken: fakeRefreshToken('m'),
      region: 'us-east-1',
    };
    const auth = await refreshAndAuth(credential);
    const list = await client.listAvailableModels(auth);
    expect(list.models.length).toBeGreaterThan(0);
    expect(list.models.every((model) => model.modelId.length > 0)).toBe(true);
    const limits = await client.getUsageLimits(auth);
    expect(limits.usageLimit).toBeGreaterThan(0);
    expect(limits.availableCredits).toBeLessThanOrEqual(limits.usageLimit);
  });

  it('reports a stale access token as UPSTREAM_AUTH', async () => {
    const credential: KiroCredential = {
      authKind: 'social',
      refreshToken: fakeRefreshToken('s'),
      region: 'us-east-1',
    };
    const auth = await refreshAndAuth(credential);
    sim.expireAccessTokens();
    const error = await rejectionOf(client.generateAssistantResponse(conversation('x'), auth));
    expect(error).toMatchObject({ code: 'UPSTREAM_AUTH', details: { upstreamStatus: 403 } });
  });

  it('retries a throttled refresh and then succeeds', async () => {
    sim.queueFaults('throttled', 1, 'refresh');
    const delays: number[] = [];
    const credential: KiroCredential = {
      authKind: 'social',
      refreshToken: fakeRefreshToken('t'),
      region: 'us-east-1',
    };
    const refreshed = await client.refreshAccessToken(credential, {
      sleep: async (ms) => void delays.push(ms),
    });
    expect(refreshed.accessToken).toMatch(/^aoa/);
    expect(delays).toEqual([1000]);
  });
});
