import { createHash } from 'node:crypto';

const hex64 = /^[0-9a-f]{64}$/i;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// The prefix makes the derived id look like one Kiro install per account.
const derivationPrefix = 'KotlinNativeAPI/';

/**
 * A configured machine id as the 64 lowercase hex Kiro expects: 64 hex as is, a UUID's 32 hex doubled.
 * Anything else yields undefined.
 */
export function normalizeMachineId(value: string): string | undefined {
  if (hex64.test(value)) return value.toLowerCase();
  if (uuid.test(value)) {
    const compact = value.replaceAll('-', '').toLowerCase();
    return compact + compact;
  }
  return undefined;
}

/**
 * The stable machine id a credential presents to Kiro, so one account always looks like one machine.
 * Derived ids follow the refresh token; store a `machineId` with the credential to keep it across
 * refresh-token rotation.
 */
export function machineIdFor(credential: { refreshToken: string; machineId?: string }): string {
  const configured =
    credential.machineId === undefined ? undefined : normalizeMachineId(credential.machineId);
  if (configured) return configured;
  return createHash('sha256')
    .update(derivationPrefix + credential.refreshToken)
    .digest('hex');
}
