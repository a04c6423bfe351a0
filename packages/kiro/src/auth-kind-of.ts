import type { AuthKind } from './kiro-credential.ts';

/** The fields of a raw credential record that decide its refresh flow. */
export interface AuthKindFields {
  /** Spellings seen in credential files: `social`, `IdC`, `idc`, `builder-id`, `iam` (docs/kiro-protocol.md#credential-files). */
  authMethod?: unknown;
  /** kiro2api spelling: `Social` or `IdC`. */
  auth?: unknown;
  clientId?: unknown;
  clientSecret?: unknown;
}

const explicitKinds: Readonly<Record<string, AuthKind>> = {
  social: 'social',
  idc: 'idc',
  'builder-id': 'idc',
  builderid: 'idc',
  iam: 'idc',
};

/** IdC when both clientId and clientSecret are present, otherwise social; an explicit method wins. */
export function authKindOf(raw: AuthKindFields): AuthKind {
  const method = raw.authMethod ?? raw.auth;
  if (typeof method === 'string') {
    const explicit = explicitKinds[method.toLowerCase()];
    if (explicit) return explicit;
  }
  const hasClient = isFilled(raw.clientId) && isFilled(raw.clientSecret);
  return hasClient ? 'idc' : 'social';
}

function isFilled(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0;
}
