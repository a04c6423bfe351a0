import { Redis } from 'ioredis';
import { afterEach, expect, it } from 'vitest';
import { describeWithServices, getTestRedis, type TestRedis } from '../src/index.ts';

async function keysStartingWith(url: string, prefix: string): Promise<string[]> {
  const client = new Redis(url);
  try {
    return await client.keys(`${prefix}*`);
  } finally {
    await client.quit();
  }
}

describeWithServices('getTestRedis', { redis: true }, () => {
  const fixtures: TestRedis[] = [];
  afterEach(async () => {
    await Promise.all(fixtures.splice(0).map((fixture) => fixture.cleanup()));
  });

  it('gives each caller a distinct prefix of the same length', async () => {
    const [first, second] = await Promise.all([getTestRedis(), getTestRedis()]);
    fixtures.push(first!, second!);
    expect(first!.keyPrefix).not.toBe(second!.keyPrefix);
    expect(first!.keyPrefix).toHaveLength(second!.keyPrefix.length);
  });

  it('cleanup deletes every key of its prefix across scan pages and nothing else', async () => {
    const [mine, other] = [(await getTestRedis())!, (await getTestRedis())!];
    fixtures.push(other);
    const client = mine.client();
    const count = 2500;
    const pipeline = client.pipeline();
    for (let i = 0; i < count; i += 1) pipeline.set(`${mine.keyPrefix}:k${i}`, 'v');
    pipeline.set(`${other.keyPrefix}:kept`, 'v');
    await pipeline.exec();
    expect(await keysStartingWith(mine.url, mine.keyPrefix)).toHaveLength(count);

    await mine.cleanup();

    expect(await keysStartingWith(mine.url, mine.keyPrefix)).toEqual([]);
    expect(await keysStartingWith(other.url, other.keyPrefix)).toEqual([`${other.keyPrefix}:kept`]);
    expect(client.status).toBe('end');
  });
});
