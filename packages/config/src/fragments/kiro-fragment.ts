import { z } from 'zod';
import { secret } from '../secret.ts';

/**
 * An http(s) URL that may contain `{region}`; unset means Kiro's own host for the region. The URLs are
 * resolved by `kiroEndpoints` in @kirogate/kiro, which owns the defaults.
 */
const kiroUrl = z
  .string()
  .trim()
  .refine((value) => URL.canParse(value.replaceAll('{region}', 'us-east-1')) && /^https?:\/\//.test(value), {
    error: 'expected an http(s) URL, optionally containing {region}',
  })
  .optional();

/** The Kiro upstream and the server's own credential (`REFRESH_TOKEN` or `KIRO_CREDS_FILE`). */
export const kiroFragment = {
  /** Interpolated into host names, so it must look like a region and nothing else. */
  KIRO_REGION: z
    .string()
    .trim()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, { error: 'expected an AWS region such as us-east-1' })
    .default('us-east-1'),
  KIRO_API_URL: kiroUrl,
  KIRO_AUTH_URL: kiroUrl,
  KIRO_OIDC_URL: kiroUrl,
  PROFILE_ARN: z
    .string()
    .trim()
    .regex(/^arn:aws[a-z-]*:codewhisperer:/, { error: 'expected an arn:aws:codewhisperer:… profile ARN' })
    .optional(),
  REFRESH_TOKEN: secret(z.string().trim().optional()),
  /** A path or an http(s) URL of a Kiro credentials JSON file. */
  KIRO_CREDS_FILE: z.string().trim().optional(),
  KIRO_IDE_VERSION: z
    .string()
    .trim()
    .regex(/^\d+\.\d+\.\d+$/, { error: 'expected a version such as 0.11.107' })
    .default('0.11.107'),
};
