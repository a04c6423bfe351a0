const sensitiveParam = /pass|secret|token|key|sig|auth|credential/i;

/**
 * Masks the password and sensitive query parameters of a URL; returns non-URLs unchanged. Used for
 * start-up logs, where a connection string must show its host but not its password.
 */
export function maskUrl(value: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return value;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return value;
  }
  let masked = false;
  if (url.password !== '') {
    url.password = '***';
    masked = true;
  }
  for (const name of [...url.searchParams.keys()]) {
    if (sensitiveParam.test(name)) {
      url.searchParams.set(name, '***');
      masked = true;
    }
  }
  return masked ? url.toString() : value;
}
