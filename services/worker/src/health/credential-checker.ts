import type { CredentialAdmin } from '@kirogate/contracts';

/** The part of token-broker's CredentialAdmin the health checks use. */
export type CredentialChecker = Pick<CredentialAdmin, 'check' | 'list'>;
