import {
  checkHttpServerTimeouts,
  checkInternalAuth,
  envBoolean,
  envHttpUrl,
  envInt,
  envList,
  envNumber,
  grpcFragment,
  httpServerFragment,
  notPlaceholder,
  observabilityFragment,
  postgresFragment,
  redisFragment,
  secret,
  trustedProxiesFragment,
} from '@kirogate/config';
import type { LimitValues } from '@kirogate/contracts';
import { z } from 'zod';

const optionalSecret = () => secret(notPlaceholder(z.string().min(1)).optional());

/**
 * user-service settings; the Python KiroGate's names keep working. There are no default secrets:
 * without ADMIN_PASSWORD the admin panel does not exist, without a provider's client id its login is off.
 */
export const userServiceConfigFields = {
  ...httpServerFragment,
  ...observabilityFragment,
  ...redisFragment,
  ...postgresFragment,
  ...grpcFragment,
  SERVICE_NAME: z.string().trim().min(1).default('user-service'),
  USER_SESSION_SECRET: secret(
    notPlaceholder(z.string().min(16, { error: 'expected at least 16 characters' })),
  ),
  USER_SESSION_MAX_AGE: envInt(604_800, { min: 60 }),
  ADMIN_PASSWORD: optionalSecret(),
  /** Signs the admin cookie; falls back to USER_SESSION_SECRET (sessions are server-side anyway). */
  ADMIN_SECRET_KEY: optionalSecret(),
  ADMIN_SESSION_MAX_AGE: envInt(86_400, { min: 60 }),
  /** `auto` follows the request scheme (X-Forwarded-Proto from trusted proxies only). */
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  ...trustedProxiesFragment,
  CSRF_ENABLED: envBoolean(true),
  /**
   * The public origin(s) of the site, comma-separated (`https://kiro.example.com`). Requests whose
   * Origin/Referer names one of them pass the same-origin check even when a proxy in front rewrote Host.
   */
  PUBLIC_URL: envList().pipe(
    z.array(z.url({ protocol: /^https?$/ }).transform((url) => new URL(url).origin)),
  ),
  GITHUB_CLIENT_ID: z.string().trim().min(1).optional(),
  GITHUB_CLIENT_SECRET: optionalSecret(),
  GITHUB_REDIRECT_URI: envHttpUrl().default('http://localhost:8000/oauth2/github/callback'),
  GITHUB_OAUTH_URL: envHttpUrl().default('https://github.com'),
  GITHUB_API_URL: envHttpUrl().default('https://api.github.com'),
  /** LinuxDo (the Python names). */
  OAUTH_CLIENT_ID: z.string().trim().min(1).optional(),
  OAUTH_CLIENT_SECRET: optionalSecret(),
  OAUTH_REDIRECT_URI: envHttpUrl().default('http://localhost:8000/oauth2/callback'),
  LINUXDO_URL: envHttpUrl().default('https://connect.linux.do'),
  LINUXDO_MIN_TRUST_LEVEL: envInt(0, { min: 0, max: 4 }),
  /** OAuth login starts per client IP per minute (each holds a pending state for 10 min); 0 = off. */
  OAUTH_LOGINS_PER_MINUTE: envInt(20, { min: 0 }),
  /** Shown as the source of the proxy key until an admin rotates it. */
  PROXY_API_KEY: optionalSecret(),
  /**
   * Limits of every user without an admin's override (0 = none). Non-zero by default: on a public
   * site anyone can log in, and the pool is made of strangers' donated tokens.
   */
  USER_REQUESTS_PER_MINUTE: envInt(30, { min: 0, max: 1_000_000 }),
  USER_CONCURRENT_REQUESTS: envInt(4, { min: 0, max: 100_000 }),
  USER_DAILY_CREDITS: envNumber(50, { min: 0, max: 1_000_000_000 }),
  USER_MONTHLY_CREDITS: envNumber(500, { min: 0, max: 1_000_000_000 }),
  USER_DAILY_TOKENS: envInt(5_000_000, { min: 0, max: 1_000_000_000_000 }),
};

export const userServiceConfigSchema = z.object(userServiceConfigFields).superRefine((config, ctx) => {
  checkHttpServerTimeouts(config, ctx);
  checkInternalAuth(config, ctx, true);
});
export type UserServiceConfig = z.infer<typeof userServiceConfigSchema>;

/** The part of the config `createUserService` reads; standalone supplies it from its own config. */
export type UserServiceSettings = Pick<
  UserServiceConfig,
  | 'USER_SESSION_SECRET'
  | 'USER_SESSION_MAX_AGE'
  | 'ADMIN_PASSWORD'
  | 'ADMIN_SECRET_KEY'
  | 'ADMIN_SESSION_MAX_AGE'
  | 'COOKIE_SECURE'
  | 'TRUSTED_PROXIES'
  | 'CSRF_ENABLED'
  | 'PUBLIC_URL'
  | 'GITHUB_CLIENT_ID'
  | 'GITHUB_CLIENT_SECRET'
  | 'GITHUB_REDIRECT_URI'
  | 'GITHUB_OAUTH_URL'
  | 'GITHUB_API_URL'
  | 'OAUTH_CLIENT_ID'
  | 'OAUTH_CLIENT_SECRET'
  | 'OAUTH_REDIRECT_URI'
  | 'LINUXDO_URL'
  | 'LINUXDO_MIN_TRUST_LEVEL'
  | 'OAUTH_LOGINS_PER_MINUTE'
  | 'PROXY_API_KEY'
  | 'USER_REQUESTS_PER_MINUTE'
  | 'USER_CONCURRENT_REQUESTS'
  | 'USER_DAILY_CREDITS'
  | 'USER_MONTHLY_CREDITS'
  | 'USER_DAILY_TOKENS'
>;

/** The limits of a user without overrides, from the settings. */
export function defaultUserLimits(config: UserServiceSettings): LimitValues {
  return {
    requestsPerMinute: config.USER_REQUESTS_PER_MINUTE,
    concurrentRequests: config.USER_CONCURRENT_REQUESTS,
    dailyCredits: config.USER_DAILY_CREDITS,
    monthlyCredits: config.USER_MONTHLY_CREDITS,
    dailyTokens: config.USER_DAILY_TOKENS,
  };
}
