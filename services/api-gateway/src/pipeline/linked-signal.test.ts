import { describe, expect, it } from 'vitest';
import { linkedSignal } from './linked-signal.ts';

describe('linkedSignal', () => {
  it('aborts with the reason of whichever source aborts first, once', () => {
    const a = new AbortController();
    const b = new AbortController();
    const linked = linkedSignal(a.signal, b.signal);
    let aborts = 0;
    linked.addEventListener('abort', () => (aborts += 1));
    expect(linked.aborted).toBe(false);
    b.abort('deadline');
    a.abort('client left');
    expect(linked.aborted).toBe(true);
    expect(linked.reason).toBe('deadline');
    expect(aborts).toBe(1);
  });

  it('is aborted from the start when a source already is', () => {
    const a = new AbortController();
    a.abort('gone');
    const linked = linkedSignal(new AbortController().signal, a.signal);
    expect(linked.aborted).toBe(true);
    expect(linked.reason).toBe('gone');
  });
});
