/**
 * Why a JSON text looks cut off, or undefined when its strings and brackets are balanced (it may still
 * be invalid, but not because the upstream stopped sending it). Kiro truncates very large tool
 * arguments (docs/kiro-protocol.md#quirks).
 */
export function diagnoseTruncatedJson(text: string): string | undefined {
  const open: string[] = [];
  let inString = false;
  let escaped = false;
  for (const char of text) {
    if (inString) {
      if (escaped) escaped = false;
      else if (char === '\\') escaped = true;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') open.push(char);
    else if (char === '}' || char === ']') open.pop();
  }
  if (inString) return 'unclosed string literal';
  const braces = open.filter((char) => char === '{').length;
  const brackets = open.length - braces;
  const missing = [
    braces > 0 ? `missing ${braces} closing brace(s)` : '',
    brackets > 0 ? `missing ${brackets} closing bracket(s)` : '',
  ].filter((part) => part !== '');
  return missing.length === 0 ? undefined : missing.join(', ');
}
