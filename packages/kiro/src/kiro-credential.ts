/** Which refresh flow a credential uses: Kiro desktop (social) or AWS SSO OIDC (IdC / Builder ID). */
export type AuthKind = 'social' | 'idc';

/** One Kiro account as read from a credentials file or the database. */
export interface KiroCredential {
  authKind: AuthKind;
  refreshToken: string;
  accessToken?: string;
  expiresAt?: Date;
  /** Sent to Kiro only for social credentials; Builder ID accounts are rejected when it is present. */
  profileArn?: string;
  /** Region of the account; used for both hosts unless `authRegion` / `apiRegion` say otherwise. */
  region: string;
  /** Region of the refresh host (`idcRegion` / `authRegion` in the files). */
  authRegion?: string;
  /** Region of the API host. */
  apiRegion?: string;
  clientId?: string;
  clientSecret?: string;
  /** Names the `<clientIdHash>.json` client registration that sits next to an IdC token file. */
  clientIdHash?: string;
  /** Configured 64-hex machine id; when absent one is derived from the refresh token. */
  machineId?: string;
  /** Present and true when the file marks the account as disabled. */
  disabled?: boolean;
}
