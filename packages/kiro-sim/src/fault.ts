export const FAULT_NAMES = [
  'throttled',
  'stale-token',
  'quota-exhausted',
  'suspended',
  'internal-error',
  'bad-gateway',
  'service-unavailable',
  'improperly-formed',
  'content-too-long',
  'empty-body',
  'slow-first-byte',
  'slow-first-event',
  'mid-stream-exception',
  'error-frame',
  'truncated-tool-input',
  'tool-input-limit',
  'duplicate-deltas',
  'cut-stream',
  'bad-crc',
  'partial-frame',
  'bracket-tool-call',
  'followup-prompt',
  'content-filtered',
  'cache-usage',
  'native-reasoning',
  'redacted-reasoning',
  'socket-reset',
  'stall',
] as const;

export type FaultName = (typeof FAULT_NAMES)[number];

/** A fault and its optional argument, written `name` or `name:arg` (e.g. `throttled:2`). */
export interface Fault {
  name: FaultName;
  arg?: string;
}

const known = new Set<string>(FAULT_NAMES);

/** Parses `name[:arg]`; undefined for an unknown name so callers can answer with their own error. */
export function parseFault(text: string): Fault | undefined {
  const trimmed = text.trim();
  const colon = trimmed.indexOf(':');
  const name = colon === -1 ? trimmed : trimmed.slice(0, colon);
  if (!known.has(name)) return undefined;
  const arg = colon === -1 ? '' : trimmed.slice(colon + 1);
  return arg === '' ? { name: name as FaultName } : { name: name as FaultName, arg };
}

/** Parses a comma-separated fault list; throws naming the first unknown fault. */
export function parseFaultList(text: string): Fault[] {
  return text
    .split(',')
    .filter((part) => part.trim() !== '')
    .map((part) => {
      const fault = parseFault(part);
      if (!fault) throw new Error(`Unknown kiro-sim fault "${part.trim()}"`);
      return fault;
    });
}

export function formatFault(fault: Fault): string {
  return fault.arg === undefined ? fault.name : `${fault.name}:${fault.arg}`;
}

/** The numeric argument of a fault, or the fallback when it has none or it is not a number. */
export function faultNumber(fault: Fault, fallback: number): number {
  const value = Number(fault.arg);
  return fault.arg !== undefined && Number.isFinite(value) && value >= 0 ? value : fallback;
}
