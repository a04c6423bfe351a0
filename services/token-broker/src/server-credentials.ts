import { hashSecret } from '@kirogate/contracts';
import {
  type KiroCredential,
  loadCredentialsSource,
  machineIdFor,
  writeBackCredentialsFile,
} from '@kirogate/kiro';
import type { CredentialRecord } from './credential-record.ts';

export interface ServerCredentialSettings {
  refreshToken?: string | undefined;
  credsFile?: string | undefined;
  region: string;
  profileArn?: string | undefined;
}

export interface ServerCredentials {
  records: CredentialRecord[];
  /** Persists a rotated refresh token where it came from (the credentials file); env tokens cannot be. */
  persist(record: CredentialRecord): Promise<void>;
  /** Where they came from, for the start-up log (never the tokens). */
  sources: string[];
}

/**
 * The server's own Kiro accounts: `REFRESH_TOKEN` (one social account) and/or `KIRO_CREDS_FILE`
 * (a path or URL; one account or an array, social or IdC). Ids are derived from the refresh token's
 * hash at start-up, so they stay stable across restarts until the token rotates.
 */
export async function loadServerCredentials(settings: ServerCredentialSettings): Promise<ServerCredentials> {
  const records: CredentialRecord[] = [];
  const fileIndex = new Map<string, number>();
  const sources: string[] = [];
  let filePath: string | undefined;

  if (settings.refreshToken) {
    const credential: KiroCredential = {
      authKind: 'social',
      refreshToken: settings.refreshToken,
      region: settings.region,
    };
    if (settings.profileArn) credential.profileArn = settings.profileArn;
    records.push(toRecord(credential, 'env'));
    sources.push('REFRESH_TOKEN');
  }
  if (settings.credsFile) {
    const source = await loadCredentialsSource(settings.credsFile);
    if (source.kind === 'file') filePath = source.location;
    source.credentials.forEach((credential, index) => {
      if (credential.disabled) return;
      if (!credential.profileArn && settings.profileArn && credential.authKind === 'social') {
        credential.profileArn = settings.profileArn;
      }
      const record = toRecord(credential, `file${index}`);
      fileIndex.set(record.id, index);
      records.push(record);
    });
    sources.push(`KIRO_CREDS_FILE (${source.kind}, ${source.credentials.length} account(s))`);
  }

  return {
    records,
    sources,
    persist: async (record) => {
      const index = fileIndex.get(record.id);
      if (filePath === undefined || index === undefined || !record.accessToken || !record.expiresAt) return;
      await writeBackCredentialsFile(filePath, index, {
        accessToken: record.accessToken,
        refreshToken: record.refreshToken,
        expiresAt: record.expiresAt,
        ...(record.profileArn ? { profileArn: record.profileArn } : {}),
      });
    },
  };
}

function toRecord(credential: KiroCredential, origin: string): CredentialRecord {
  return {
    ...credential,
    // Derived ids follow the refresh token; pin it now so a rotation does not look like a new machine.
    machineId: machineIdFor(credential),
    id: `server-${origin}-${hashSecret(credential.refreshToken).slice(0, 12)}`,
    source: 'server',
    visibility: 'private',
    status: 'active',
  };
}
