import { scrubSecrets } from './scrub-secrets.ts';

export interface CheckResult {
  ok: boolean;
  /** Why a check failed, scrubbed of secrets and kept short. */
  detail?: string;
}

export interface ReadinessReport {
  ok: boolean;
  checks: Record<string, CheckResult>;
}

export type ReadinessProbe = () => Promise<ReadinessReport>;

/**
 * Builds a readiness probe from named dependency checks (e.g. `SELECT 1`, Redis `PING`). They run in
 * parallel; a check that throws or outlasts `timeoutMs` makes the service not ready.
 */
export function readinessFrom(
  checks: Record<string, () => Promise<unknown>>,
  { timeoutMs = 2_000 }: { timeoutMs?: number } = {},
): ReadinessProbe {
  return async () => {
    const entries = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => [name, await runCheck(check, timeoutMs)] as const),
    );
    return { ok: entries.every(([, result]) => result.ok), checks: Object.fromEntries(entries) };
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
