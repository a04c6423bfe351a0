import type { LeaseOutcome } from '@kirogate/contracts';
import type { AppError } from '@kirogate/errors';
import type { FinishReason, StreamEvent, Usage } from '@kirogate/protocol';
import { outcomeFor } from './upstream-attempts.ts';

/**
 * Watches one request's canonical events go by and remembers what usage records, metrics and the
 * broker need: time to first token, usage, credits, how it ended.
 */
export class RequestTracker {
  readonly startedAt = performance.now();
  firstTokenAt: number | undefined;
  usage: Usage | undefined;
  credits = 0;
  finishReason: FinishReason | undefined;
  error: AppError | undefined;
  aborted = false;
  attempts = 1;

  /** Notes one event on its way to the client. */
  see(event: StreamEvent): void {
    switch (event.type) {
      case 'text-delta':
      case 'thinking-delta':
      case 'tool-call-start':
        this.firstTokenAt ??= performance.now();
        return;
      case 'metering':
        this.credits += event.credits;
        return;
      case 'finish':
        this.usage = event.usage;
        this.finishReason = event.reason;
        if (event.usage.credits !== undefined) this.credits = event.usage.credits;
        return;
      case 'error':
        this.error = event.error;
        return;
      default:
        return;
    }
  }

  get ttftMs(): number | null {
    return this.firstTokenAt === undefined ? null : this.firstTokenAt - this.startedAt;
  }

  get durationMs(): number {
    return performance.now() - this.startedAt;
  }

  get status(): 'success' | 'error' | 'aborted' {
    if (this.aborted) return 'aborted';
    return this.error ? 'error' : 'success';
  }

  outcome(): LeaseOutcome {
    if (this.aborted) return { kind: 'client-abort', latencyMs: this.durationMs };
    if (this.error) return { ...outcomeFor(this.error, this.durationMs), credits: this.credits };
    return { kind: 'success', latencyMs: this.durationMs, credits: this.credits };
  }
}
