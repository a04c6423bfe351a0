import { createLogger } from '@kirogate/observability';
import { describe, expect, it } from 'vitest';
import { OrderedShutdown } from './ordered-shutdown.ts';

const logger = createLogger({ service: 'test', level: 'silent' });

/** A step that records its start and end, finishing after the given number of event-loop turns. */
function recorder(events: string[]) {
  return (name: string, turns = 0, fail?: Error) =>
    async (): Promise<void> => {
      events.push(`${name}:start`);
      for (let turn = 0; turn < turns; turn++) await new Promise((resolve) => setImmediate(resolve));
      events.push(`${name}:end`);
      if (fail) throw fail;
    };
}

describe('OrderedShutdown', () => {
  it('runs the phases in order whatever the order the steps were registered in', async () => {
    const events: string[] = [];
    const step = recorder(events);
    const shutdown = new OrderedShutdown();
    shutdown.add('closePlatform', 'platform', step('platform'));
    shutdown.add('closeClients', 'kiro', step('kiro'));
    shutdown.add('drain', 'http', step('http', 3));
    shutdown.add('stopAccepting', 'readiness', step('readiness', 2));
    await shutdown.run(logger);
    expect(events).toEqual([
      'readiness:start',
      'readiness:end',
      'http:start',
      'http:end',
      'kiro:start',
      'kiro:end',
      'platform:start',
      'platform:end',
    ]);
  });

  it('runs the steps of one phase together and waits for all of them before the next phase', async () => {
    const events: string[] = [];
    const step = recorder(events);
    const shutdown = new OrderedShutdown();
    shutdown.add('drain', 'http', step('http', 3));
    shutdown.add('drain', 'grpc', step('grpc', 1));
    shutdown.add('closeClients', 'broker', step('broker'));
    await shutdown.run(logger);
    expect(events).toEqual([
      'http:start',
      'grpc:start',
      'grpc:end',
      'http:end',
      'broker:start',
      'broker:end',
    ]);
  });

  it('still releases everything when draining fails, then rejects with that failure', async () => {
    const events: string[] = [];
    const step = recorder(events);
    const failure = new Error('drain failed');
    const shutdown = new OrderedShutdown();
    shutdown.add('drain', 'http', step('http', 0, failure));
    shutdown.add('closePlatform', 'platform', step('platform'));
    await expect(shutdown.run(logger)).rejects.toBe(failure);
    expect(events).toEqual(['http:start', 'http:end', 'platform:start', 'platform:end']);
  });

  it('resolves when only releasing a resource failed', async () => {
    const events: string[] = [];
    const step = recorder(events);
    const shutdown = new OrderedShutdown();
    shutdown.add('closeClients', 'kiro', step('kiro', 0, new Error('socket already closed')));
    shutdown.add('closePlatform', 'platform', step('platform'));
    await expect(shutdown.run(logger)).resolves.toBeUndefined();
    expect(events).toEqual(['kiro:start', 'kiro:end', 'platform:start', 'platform:end']);
  });

  it('runs once: a second signal gets the same shutdown', async () => {
    let runs = 0;
    const shutdown = new OrderedShutdown();
    shutdown.add('drain', 'count', () => {
      runs += 1;
    });
    const first = shutdown.run(logger);
    expect(shutdown.run(logger)).toBe(first);
    await first;
    expect(runs).toBe(1);
  });
});
