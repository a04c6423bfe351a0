import { assertAwsRegion } from './aws-region.ts';

/** Base URLs (no trailing slash) of the three Kiro hosts a credential talks to. */
export interface KiroEndpoints {
  apiUrl: string;
  authUrl: string;
  oidcUrl: string;
}

export interface KiroEndpointOptions {
  region: string;
  /** `KIRO_API_URL`; may contain `{region}`. */
  apiUrl?: string;
  /** `KIRO_AUTH_URL`; may contain `{region}`. */
  authUrl?: string;
  /** `KIRO_OIDC_URL`; may contain `{region}`. */
  oidcUrl?: string;
}

export function kiroEndpoints(options: KiroEndpointOptions): KiroEndpoints {
  const region = assertAwsRegion(options.region, 'Kiro endpoints');
  const resolve = (template: string) => template.replaceAll('{region}', region).replace(/\/+$/, '');
  return {
    apiUrl: resolve(options.apiUrl ?? 'https://q.{region}.amazonaws.com'),
    authUrl: resolve(options.authUrl ?? 'https://prod.{region}.auth.desktop.kiro.dev'),
    oidcUrl: resolve(options.oidcUrl ?? 'https://oidc.{region}.amazonaws.com'),
  };
}
