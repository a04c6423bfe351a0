export interface MissingService {
  readonly service: 'postgres' | 'redis';
  readonly reason: string;
}

export type ServiceUse =
  | { readonly action: 'run' }
  | { readonly action: 'skip'; readonly reason: string }
  | { readonly action: 'fail'; readonly reason: string };

/** Missing services skip a suite on a laptop but fail it in CI, where `REQUIRE_SERVICES=1`. */
export function decideServiceUse(missing: readonly MissingService[], servicesRequired: boolean): ServiceUse {
  if (missing.length === 0) return { action: 'run' };
  const reasons = missing.map((entry) => `${entry.service}: ${entry.reason}`).join('; ');
  if (servicesRequired) return { action: 'fail', reason: `REQUIRE_SERVICES=1 but ${reasons}` };
  return { action: 'skip', reason: reasons };
}
