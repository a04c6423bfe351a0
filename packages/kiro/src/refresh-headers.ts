import { randomUUID } from 'node:crypto';
import type { AuthKind } from './kiro-credential.ts';
import { defaultKiroUserAgent, type KiroUserAgent } from './kiro-user-agent.ts';

export interface RefreshHeaderOptions {
  machineId: string;
  userAgent?: Partial<KiroUserAgent>;
  /** 1-based attempt number, reported to the OIDC endpoint like the AWS SDK does. */
  attempt: number;
  maxAttempts: number;
  invocationId?: string;
}

const ssoOidcSdkVersion = '3.980.0';

/** Social refresh looks like the Kiro IDE's own auth call; IdC like its AWS SSO-OIDC SDK client. */
export function refreshHeaders(authKind: AuthKind, options: RefreshHeaderOptions): Record<string, string> {
  const agent = { ...defaultKiroUserAgent, ...options.userAgent };
  if (authKind === 'social') {
    return {
      'content-type': 'application/json',
      accept: 'application/json, text/plain, */*',
      'user-agent': `KiroIDE-${agent.ideVersion}-${options.machineId}`,
    };
  }
  return {
    'content-type': 'application/json',
    accept: '*/*',
    'user-agent':
      `aws-sdk-js/${ssoOidcSdkVersion} ua/2.1 os/${agent.os} lang/js md/nodejs#${agent.nodeVersion} ` +
      `api/sso-oidc#${ssoOidcSdkVersion} m/E KiroIDE`,
    'x-amz-user-agent': `aws-sdk-js/${ssoOidcSdkVersion} KiroIDE`,
    'amz-sdk-invocation-id': options.invocationId ?? randomUUID(),
    'amz-sdk-request': `attempt=${options.attempt}; max=${options.maxAttempts}`,
  };
}
