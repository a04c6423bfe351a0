import { scrubSecrets } from './scrub-secrets.ts';

export interface CheckResult {
  ok: boolean;
  /** Why a check failed, scrubbed of secrets and kept short. */
  detail?: string;
  /** Reported only: its failure does not make the service unready. */
  advisory?: true;
}

export interface ReadinessReport {
  ok: boolean;
  checks: Record<string, CheckResult>;
}

export type ReadinessProbe = () => Promise<ReadinessReport>;

export interface ReadinessOptions {
  timeoutMs?: number;
  /**
   * Checks that are reported but do not gate readiness. A dependency that every replica shares (the
   * token broker, Redis) would otherwise take all replicas out of the load balancer at once when it
   * blips; the service stays in rotation and answers what it cannot serve with 503s.
   */
  advisory?: readonly string[];
}

/**
 * Builds a readiness probe from named dependency checks (e.g. `SELECT 1`, Redis `PING`). They run in
 * parallel; a check that throws or outlasts `timeoutMs` makes the service not ready, unless it is
 * advisory.
 */
export function readinessFrom(
  checks: Record<string, () => Promise<unknown>>,
  { timeoutMs = 2_000, advisory = [] }: ReadinessOptions = {},
): ReadinessProbe {
  return async () => {
    const entries = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        const result = await runCheck(check, timeoutMs);
        return [name, advisory.includes(name) ? { ...result, advisory: true as const } : result] as const;
      }),
    );
    return {
      ok: entries.every(([, result]) => result.ok || result.advisory === true),
      checks: Object.fromEntries(entries),
    };
  };
}

async function runCheck(check: () => Promise<unknown>, timeoutMs: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, detail: `timed out after ${timeoutMs} ms` }), timeoutMs);
  });
  const attempt = (async (): Promise<CheckResult> => {
    try {
      await check();
      return { ok: true };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, detail: scrubSecrets(message).slice(0, 200) };
    }
  })();
  try {
    return await Promise.race([attempt, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
