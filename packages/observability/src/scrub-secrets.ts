const tokenChars = 'A-Za-z0-9+/=_.:~-';

/**
 * Substrings that are secrets whatever field they sit in: Kiro refresh (`aor…`) and access (`aoa…`)
 * tokens, `sk-` keys, bearer/basic credentials, JWTs, URL passwords and secret query parameters.
 * Character classes exclude `"` and `\`, so replacing inside a serialized JSON line keeps it valid.
 */
const secretPattern = new RegExp(
  [
    `ao[ar][${tokenChars}]{16,}`,
    `\\bsk-[A-Za-z0-9_-]{16,}`,
    `\\beyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*`,
    `(?<scheme>\\b(?:bearer|basic)\\s+)[${tokenChars}]{8,}`,
    `(?<userinfo>\\/\\/[^\\s:/@"\\\\]*:)[^\\s@/"\\\\]+@`,
    `(?<param>[?&][A-Za-z_-]*(?:token|secret|password|passwd|key|sig|signature)=)[^&\\s"\\\\]+`,
  ].join('|'),
  'gi',
);

interface SecretGroups {
  scheme?: string;
  userinfo?: string;
  param?: string;
}

/** Replaces every secret-looking substring of `text`, keeping the prefix that says what it was. */
export function scrubSecrets(text: string): string {
  return text.replace(secretPattern, (...args: unknown[]) => {
    const groups = args.at(-1) as SecretGroups;
    if (groups.scheme !== undefined) return `${groups.scheme}[redacted]`;
    if (groups.userinfo !== undefined) return `${groups.userinfo}[redacted]@`;
    if (groups.param !== undefined) return `${groups.param}[redacted]`;
    return '[redacted]';
  });
}

const opaqueToken = /^[A-Za-z0-9+/=_-]{32,}$/;

/**
 * True for values that must never become a metric label: anything `scrubSecrets` would touch, and long
 * opaque strings mixing upper case, lower case and digits (keys, tokens). UUIDs and model ids pass.
 */
export function looksLikeSecret(value: string): boolean {
  if (scrubSecrets(value) !== value) return true;
  return opaqueToken.test(value) && /[a-z]/.test(value) && /[A-Z]/.test(value) && /\d/.test(value);
}
