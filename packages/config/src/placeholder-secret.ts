import type { z } from 'zod';

/**
 * Words that example files and templates put where a secret belongs. A value made of one of them
 * (`change-me`, `CHANGE_ME_32_BYTES_BASE64`, `<your-key>`, `xxxxxxxx`) was copied, not generated.
 */
const placeholderWords = [
  'changeme',
  'replaceme',
  'placeholder',
  'changeit',
  'yoursecret',
  'yourkey',
  'insert',
];
const placeholderWhole = /^(x+|secret|password|example|dummy|todo|fixme|none|null|undefined)$/;

/** True when a secret's value is a template placeholder rather than generated key material. */
export function isPlaceholderSecret(value: string): boolean {
  const letters = value.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (letters.length === 0) return true;
  return placeholderWhole.test(letters) || placeholderWords.some((word) => letters.includes(word));
}

const placeholderMessage = 'is a placeholder; generate a real value, e.g. `openssl rand -base64 32`';

/** A string schema that refuses placeholders; the message never repeats the value. */
export function notPlaceholder<T extends z.ZodType<string>>(schema: T) {
  return schema.refine((value) => !isPlaceholderSecret(value), { error: placeholderMessage });
}
