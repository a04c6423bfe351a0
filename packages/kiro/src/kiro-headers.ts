import { randomUUID } from 'node:crypto';
import { defaultKiroUserAgent, type KiroUserAgent } from './kiro-user-agent.ts';

/** The two Kiro service clients the IDE embeds; they differ in SDK version and feature flags. */
export type KiroApi = 'codewhispererstreaming' | 'codewhispererruntime';

export interface KiroHeaderOptions {
  accessToken: string;
  machineId: string;
  userAgent?: Partial<KiroUserAgent>;
  /** Defaults to a fresh UUID, as the AWS SDK sends one per request. */
  invocationId?: string;
  /** `codewhispererstreaming` for chat and the model list, `codewhispererruntime` for quota. */
  api?: KiroApi;
  /** The `max` the IDE advertises in `amz-sdk-request`: 3 for chat, 1 for getUsageLimits. */
  maxAttempts?: number;
}

const apiProfiles: Readonly<Record<KiroApi, { sdkVersion: string; features: string }>> = {
  codewhispererstreaming: { sdkVersion: '1.0.34', features: 'E' },
  codewhispererruntime: { sdkVersion: '1.0.0', features: 'N,E' },
};

/** Headers of a Kiro API request, shaped like the ones the Kiro IDE's AWS SDK sends. */
export function kiroHeaders(options: KiroHeaderOptions): Record<string, string> {
  const agent = { ...defaultKiroUserAgent, ...options.userAgent };
  const api = options.api ?? 'codewhispererstreaming';
  const { sdkVersion, features } = apiProfiles[api];
  const ide = `KiroIDE-${agent.ideVersion}-${options.machineId}`;
  return {
    authorization: `Bearer ${options.accessToken}`,
    'content-type': 'application/json',
    'user-agent':
      `aws-sdk-js/${sdkVersion} ua/2.1 os/${agent.os} lang/js md/nodejs#${agent.nodeVersion} ` +
      `api/${api}#${sdkVersion} m/${features} ${ide}`,
    'x-amz-user-agent': `aws-sdk-js/${sdkVersion} ${ide}`,
    'x-amzn-codewhisperer-optout': 'true',
    'x-amzn-kiro-agent-mode': 'vibe',
    'amz-sdk-invocation-id': options.invocationId ?? randomUUID(),
    'amz-sdk-request': `attempt=1; max=${options.maxAttempts ?? 3}`,
  };
}
