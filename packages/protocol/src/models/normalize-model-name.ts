const family = '(sonnet|opus|haiku)';
const dateOrLatest = '(?:-(?:\\d{8}|latest))?';

/** Client names that mean a Kiro id rather than a Claude model. */
const builtInAliases: Readonly<Record<string, string>> = { 'auto-kiro': 'auto' };

/** Kiro serves these only under their legacy upper-case ids. */
const hiddenIds: Readonly<Record<string, string>> = {
  'claude-3.7-sonnet': 'CLAUDE_3_7_SONNET_20250219_V1_0',
};

/** Rewrites in order; the first matching pattern wins. Minor versions have 1–2 digits so dates never match. */
const rewrites: ReadonlyArray<[RegExp, (m: RegExpMatchArray) => string]> = [
  [
    new RegExp(`^claude-${family}-(\\d+)-(\\d{1,2})${dateOrLatest}$`),
    (m) => `claude-${m[1]}-${m[2]}.${m[3]}`,
  ],
  [new RegExp(`^claude-${family}-(\\d+)${dateOrLatest}$`), (m) => `claude-${m[1]}-${m[2]}`],
  [
    new RegExp(`^claude-${family}-(\\d+)\\.(\\d{1,2})${dateOrLatest}$`),
    (m) => `claude-${m[1]}-${m[2]}.${m[3]}`,
  ],
  [new RegExp(`^claude-(\\d+)-(\\d{1,2})-${family}(?:-.+)?$`), (m) => `claude-${m[1]}.${m[2]}-${m[3]}`],
  [
    new RegExp(`^claude-(\\d+)\\.(\\d{1,2})-${family}${dateOrLatest}$`),
    (m) => `claude-${m[1]}.${m[2]}-${m[3]}`,
  ],
  [new RegExp(`^claude-(\\d+)\\.(\\d{1,2})-${family}-.+$`), (m) => `claude-${m[3]}-${m[1]}.${m[2]}`],
];

/**
 * Maps a client's model name to the id Kiro knows (docs/kiro-protocol.md#model-ids, the steps in order):
 * `claude-sonnet-4-5-20250929` → `claude-sonnet-4.5`. Names it does not recognise come back unchanged
 * so that Kiro decides.
 */
export function normalizeModelName(name: string): string {
  const lower = name.trim().toLowerCase();
  const alias = builtInAliases[lower];
  if (alias !== undefined) return alias;
  const standard = standardClaudeName(lower);
  if (standard === undefined) return name;
  return hiddenIds[standard] ?? standard;
}

/**
 * The dotted lowercase form of a Claude name, before the hidden-id mapping; also reads Kiro's legacy
 * upper-case ids (`CLAUDE_SONNET_4_5_20250929_V1_0`). Undefined when the name is not a Claude name.
 */
export function standardClaudeName(name: string): string | undefined {
  const lower = /^CLAUDE_[A-Z0-9_]+_V\d+_\d+$/.test(name)
    ? name
        .toLowerCase()
        .replace(/_v\d+_\d+$/, '')
        .replaceAll('_', '-')
    : name.toLowerCase();
  for (const [pattern, rewrite] of rewrites) {
    const match = lower.match(pattern);
    if (match) return rewrite(match);
  }
  return undefined;
}
