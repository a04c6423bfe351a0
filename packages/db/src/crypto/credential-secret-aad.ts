/** The AAD of a credential's sealed column: binds the ciphertext to its row and column. */
export function credentialSecretAad(
  id: string,
  column: 'refresh_token' | 'client_id' | 'client_secret',
): string {
  return `credentials:${id}:${column}`;
}
