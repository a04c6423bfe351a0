import { hashSecret } from '@kirogate/contracts';
import { GrpcApiKeyVerifier } from '@kirogate/grpc';
import { describeWithServices } from '@kirogate/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/user-service-harness.ts';

const defaults = {
  requests_per_minute: 30,
  concurrent_requests: 4,
  daily_credits: 50,
  monthly_credits: 500,
  daily_tokens: 5_000_000,
};

describeWithServices('user-service (limits)', { postgres: true, redis: true }, () => {
  let h: Harness;
  let grpcVerifier: GrpcApiKeyVerifier;
  beforeAll(async () => {
    h = await startHarness();
    grpcVerifier = new GrpcApiKeyVerifier(h.grpcTarget, { deadlineMs: 10_000 });
  });
  afterAll(async () => {
    grpcVerifier?.close();
    await h?.close();
  });

  it('a user sees the default limits with usage; keys may narrow them, never widen them', async () => {
    const bob = await h.login('limits-bob');
    const created = (await bob.request('/user/api/keys', { method: 'POST', json: { name: 'ci' } })).json();
    const view = (await bob.request('/user/api/limits')).json();
    expect(view.defaults).toEqual(defaults);
    expect(view.overrides).toEqual({});
    expect(view.limits.daily_credits).toEqual({
      limit: 50,
      used: 0,
      resets_at: expect.stringMatching(/T00:00:00\.000Z$/),
    });
    expect(view.keys).toEqual([
      expect.objectContaining({ id: created.id, name: 'ci', limits: expect.objectContaining({}) }),
    ]);
    expect(view.keys[0].limits.requests_per_minute).toEqual({ limit: 0, used: 0, resets_at: null });

    const above = await bob.request(`/user/api/keys/${created.id}/limits`, {
      method: 'PUT',
      json: { daily_credits: 51 },
    });
    expect(above.status).toBe(400);
    expect(above.json().error).toEqual({
      code: 'INVALID_REQUEST',
      message: 'daily_credits of 51 is above your own limit of 50',
    });
    const malformed = await bob.request(`/user/api/keys/${created.id}/limits`, {
      method: 'PUT',
      json: { concurrent_requests: 1.5 },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.json().error.message).toMatch(/^concurrent_requests must be a whole number/);

    const narrowed = await bob.request(`/user/api/keys/${created.id}/limits`, {
      method: 'PUT',
      form: { daily_credits: '12.5', concurrent_requests: '2' },
    });
    expect(narrowed.status).toBe(200);
    expect(narrowed.json().key.limits).toMatchObject({ daily_credits: 12.5, concurrent_requests: 2 });
    // The gateway learns them through VerifyApiKey, in-process and over gRPC alike.
    for (const verifier of [h.service.verifier, grpcVerifier]) {
      expect((await verifier.verify(hashSecret(created.key)))?.limits).toEqual({
        user: {
          requestsPerMinute: 30,
          concurrentRequests: 4,
          dailyCredits: 50,
          monthlyCredits: 500,
          dailyTokens: 5_000_000,
        },
        key: {
          requestsPerMinute: 0,
          concurrentRequests: 2,
          dailyCredits: 12.5,
          monthlyCredits: 0,
          dailyTokens: 0,
        },
      });
    }
    // null gives the key back to the user's limit.
    const cleared = await bob.request(`/user/api/keys/${created.id}/limits`, {
      method: 'PUT',
      json: { daily_credits: null },
    });
    expect(cleared.json().key.limits).toMatchObject({ daily_credits: 0, concurrent_requests: 2 });
  });

  it("another user's key limits can be neither read nor changed", async () => {
    const owner = await h.login('limits-owner');
    const mallory = await h.login('limits-mallory');
    const key = (await owner.request('/user/api/keys', { method: 'POST', json: {} })).json();
    const attempt = await mallory.request(`/user/api/keys/${key.id}/limits`, {
      method: 'PUT',
      json: { daily_credits: 1 },
    });
    expect(attempt.status).toBe(404);
    expect((await mallory.request('/user/api/limits')).json().keys).toEqual([]);
    expect((await h.browser().request('/user/api/limits')).status).toBe(401);
  });

  it('an admin overrides a user: above the default too, 0 for none, null back to the default', async () => {
    const carol = await h.login('limits-carol');
    const key = (await carol.request('/user/api/keys', { method: 'POST', json: {} })).json();
    const profile = (await carol.request('/user/api/profile')).json();
    const admin = await h.admin();
    const path = `/admin/api/users/${profile.id}/limits`;

    const set = await admin.request(path, {
      method: 'PUT',
      json: { daily_credits: 200, concurrent_requests: 0, requests_per_minute: 5 },
    });
    expect(set.status).toBe(200);
    expect(set.json().overrides).toEqual({
      daily_credits: 200,
      concurrent_requests: 0,
      requests_per_minute: 5,
    });
    expect(set.json().limits.daily_credits.limit).toBe(200);
    expect((await h.service.verifier.verify(hashSecret(key.key)))?.limits.user).toEqual({
      requestsPerMinute: 5,
      concurrentRequests: 0,
      dailyCredits: 200,
      monthlyCredits: 500,
      dailyTokens: 5_000_000,
    });
    // The user now may give a key up to the new limit.
    expect(
      (
        await carol.request(`/user/api/keys/${key.id}/limits`, {
          method: 'PUT',
          json: { daily_credits: 150 },
        })
      ).status,
    ).toBe(200);

    const back = await admin.request(path, { method: 'PUT', json: { daily_credits: null } });
    expect(back.json().overrides).toEqual({ concurrent_requests: 0, requests_per_minute: 5 });
    expect(back.json().limits.daily_credits.limit).toBe(50);

    const bad = await admin.request(path, { method: 'PUT', json: { monthly_credits: -1 } });
    expect(bad.status).toBe(400);
    expect(bad.json().error.message).toMatch(/^monthly_credits must be a number from 0/);
    expect((await admin.request('/admin/api/users/00000000-0000-4000-8000-000000000000/limits')).status).toBe(
      404,
    );
    expect((await carol.request(path)).status).toBe(401);

    const audit = (await admin.request('/admin/api/audit-log')).json();
    expect(audit.entries[0]).toMatchObject({ action: 'user_limits', target: profile.id });
  });
});
