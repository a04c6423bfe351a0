export interface RecheckInvalidatedOptions {
  /** CredentialAdmin.check: a refresh and a quota call; stores the verdict and revives a working one. */
  check: (credentialId: string) => Promise<unknown>;
  delayMs: number;
  onError: (error: unknown, credentialId: string) => void;
}

export interface RecheckInvalidated {
  /** For `onStatusChange`: schedules a check of a credential taken out as invalid. */
  statusChanged(credentialId: string, status: string): void;
  stop(): void;
}

/**
 * A credential the broker takes out as invalid because Kiro rejected it during requests (a 403 after a
 * fresh refresh) is checked again once, `delayMs` later. A 403 storm on Kiro's side would otherwise
 * leave the whole pool out until the worker's next sweep (an hour by default); a credential that is
 * really dead fails the check and stays out. One pending check per credential.
 */
export function recheckInvalidated(options: RecheckInvalidatedOptions): RecheckInvalidated {
  const pending = new Map<string, NodeJS.Timeout>();
  return {
    statusChanged(credentialId, status) {
      if (status !== 'invalid' || pending.has(credentialId)) return;
      const timer = setTimeout(() => {
        pending.delete(credentialId);
        options.check(credentialId).catch((error: unknown) => options.onError(error, credentialId));
      }, options.delayMs);
      timer.unref();
      pending.set(credentialId, timer);
    },
    stop() {
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
    },
  };
}
