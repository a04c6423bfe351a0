import { AppError } from '@kirogate/errors';
import { z } from 'zod';
import { assertRefreshTokenShape } from './assert-refresh-token-shape.ts';
import { authKindOf } from './auth-kind-of.ts';
import { assertAwsRegion, defaultRegion } from './aws-region.ts';
import type { KiroCredential } from './kiro-credential.ts';
import { normalizeMachineId } from './machine-id-for.ts';

const text = z
  .string()
  .nullish()
  .transform((value) => (value ? value : undefined));

// camelCase fields of the Kiro IDE token cache plus the spellings other tools write (docs/kiro-protocol.md#credential-files).
const rawCredentialSchema = z.object({
  refreshToken: z.string(),
  accessToken: text,
  expiresAt: z.union([z.string(), z.number()]).nullish(),
  profileArn: text,
  region: text,
  idcRegion: text,
  authRegion: text,
  apiRegion: text,
  clientId: text,
  clientSecret: text,
  clientIdHash: text.refine((value) => value === undefined || /^[\w-]{1,128}$/.test(value), {
    error: 'must be a plain file name stem',
  }),
  machineId: text,
  authMethod: text,
  auth: text,
  disabled: z.boolean().nullish(),
});

/** The IdC client registration stored in `<clientIdHash>.json` next to the token file. */
export interface ClientRegistration {
  clientId: string;
  clientSecret: string;
}

export const clientRegistrationSchema = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
});

/** Parses one account record; `source` names it in error messages (a file and entry, never a secret). */
export function parseCredential(
  raw: unknown,
  source: string,
  registration?: ClientRegistration,
): KiroCredential {
  const parsed = rawCredentialSchema.safeParse(raw);
  if (!parsed.success) throw invalidShape(source, parsed.error);
  const record = { ...parsed.data, ...registration };
  assertRefreshTokenShape(record.refreshToken, source);
  const authKind = authKindOf(record);
  if (authKind === 'idc' && !(record.clientId && record.clientSecret)) {
    throw new AppError(
      'INVALID_REQUEST',
      `${source}: an IdC credential needs clientId and clientSecret (inline or in <clientIdHash>.json)`,
      { param: 'clientId' },
    );
  }
  const credential: KiroCredential = {
    authKind,
    refreshToken: record.refreshToken,
    region: assertAwsRegion(record.region ?? defaultRegion, source),
  };
  const authRegion = record.authRegion ?? record.idcRegion;
  if (authRegion) credential.authRegion = assertAwsRegion(authRegion, source);
  if (record.apiRegion) credential.apiRegion = assertAwsRegion(record.apiRegion, source);
  const expiresAt = parseExpiry(record.expiresAt);
  if (expiresAt) credential.expiresAt = expiresAt;
  if (record.accessToken) credential.accessToken = record.accessToken;
  if (record.profileArn) credential.profileArn = record.profileArn;
  if (record.clientId) credential.clientId = record.clientId;
  if (record.clientSecret) credential.clientSecret = record.clientSecret;
  if (record.clientIdHash) credential.clientIdHash = record.clientIdHash;
  if (record.machineId) credential.machineId = parseMachineId(record.machineId, source);
  if (record.disabled) credential.disabled = true;
  return credential;
}

/** A safe message: zod's texts name paths and types, never the offending values. */
export function invalidShape(source: string, error: z.ZodError): AppError {
  const issues = error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  return new AppError('INVALID_REQUEST', `${source}: ${issues.join('; ')}`);
}

// Missing or unreadable expiry means "refresh before use", so it is simply left out.
function parseExpiry(value: string | number | null | undefined): Date | undefined {
  if (value === null || value === undefined) return undefined;
  const millis = typeof value === 'number' ? (value < 1e11 ? value * 1000 : value) : Date.parse(value);
  return Number.isFinite(millis) ? new Date(millis) : undefined;
}

function parseMachineId(value: string, source: string): string {
  const normalized = normalizeMachineId(value);
  if (!normalized) {
    throw new AppError('INVALID_REQUEST', `${source}: machineId must be 64 hex characters or a UUID`, {
      param: 'machineId',
    });
  }
  return normalized;
}
