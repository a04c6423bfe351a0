import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const skipped = new Set(['node_modules', 'dist', '.git', '.cache', 'generated']);

function filesUnder(dir: string, extension: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(join(repoRoot, dir), { withFileTypes: true })) {
    if (skipped.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...filesUnder(path, extension));
    else if (entry.name.endsWith(extension)) found.push(path);
  }
  return found;
}

const self = 'test/static/doc-citations.test.ts';
const codeFiles = ['packages', 'services', 'bench', 'test', 'k8s']
  .flatMap((dir) => filesUnder(dir, '.ts'))
  .filter((file) => file !== self);
const markdownFiles = [
  ...readdirSync(repoRoot).filter((name) => name.endsWith('.md')),
  ...['docs', 'packages', 'services', 'bench', 'k8s', 'infra'].flatMap((dir) => filesUnder(dir, '.md')),
];

/** The text of every `//` and `/* … *\/` comment, with the line each starts on. */
function commentsOf(code: string): { line: number; text: string }[] {
  const comments: { line: number; text: string }[] = [];
  const pattern = /\/\*[\s\S]*?\*\/|(?<![:'"`\\])\/\/[^\n]*/g;
  for (const match of code.matchAll(pattern)) {
    comments.push({ line: code.slice(0, match.index).split('\n').length, text: match[0] });
  }
  return comments;
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

const anchorCache = new Map<string, Set<string>>();
function anchorsIn(file: string): Set<string> {
  let anchors = anchorCache.get(file);
  if (!anchors) {
    const headings = readFileSync(file, 'utf8').matchAll(/^#{1,6}\s+(.+)$/gm);
    anchors = new Set([...headings].map((heading) => anchorOf(heading[1] ?? '')));
    anchorCache.set(file, anchors);
  }
  return anchors;
}

/** Why `target` (a path, maybe with `#anchor`) cited from `from` does not resolve, or undefined. */
function brokenCitation(from: string, target: string): string | undefined {
  const [path = '', anchor] = target.split('#');
  const candidates = [resolve(repoRoot, dirname(from), path), resolve(repoRoot, path)];
  const file = candidates.find((candidate) => existsSync(candidate));
  if (!file?.startsWith(repoRoot)) return `${target}: no such file in the repository`;
  if (anchor && statSync(file).isFile() && file.endsWith('.md') && !anchorsIn(file).has(anchor)) {
    return `${target}: ${relative(repoRoot, file)} has no section #${anchor}`;
  }
  return undefined;
}

/**
 * Initials of other projects' authors, section signs that cite no file, outside paths. The initials
 * are spelled with character classes so that grepping the repository for them finds citations only.
 */
const outsideReference = /\b(J[W]|K[GR]|A[C]|O[C])\b|§|\/work\/|shared\/[\w-]+\.md|perf-notes/;

describe('what comments and docs cite', () => {
  it('cites only markdown files (and their sections) that exist in the repository', () => {
    const broken: string[] = [];
    for (const file of codeFiles) {
      for (const { line, text } of commentsOf(readFileSync(join(repoRoot, file), 'utf8'))) {
        for (const match of text.matchAll(/[\w./-]*[\w-]\.md(#[\w-]+)?/g)) {
          const problem = brokenCitation(file, match[0]);
          if (problem) broken.push(`${file}:${line}: ${problem}`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('cites no people, outside files or bare section numbers in comments', () => {
    const found: string[] = [];
    for (const file of codeFiles) {
      for (const { line, text } of commentsOf(readFileSync(join(repoRoot, file), 'utf8'))) {
        const match = outsideReference.exec(text);
        if (match) found.push(`${file}:${line}: ${match[0]}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('links only files that exist in the repository from its markdown', () => {
    const broken: string[] = [];
    for (const file of markdownFiles) {
      const text = readFileSync(join(repoRoot, file), 'utf8');
      for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = match[1] ?? '';
        if (/^(https?:|mailto:|#)/.test(target)) continue;
        const problem = brokenCitation(file, target);
        if (problem) broken.push(`${file}: ${problem}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('resolves what it checks', () => {
    expect(brokenCitation('packages/x/src/a.ts', 'docs/kiro-protocol.md#frames')).toBeUndefined();
    expect(brokenCitation('packages/x/src/a.ts', 'docs/kiro-protocol.md#no-such-section')).toMatch(
      /no section/,
    );
    expect(brokenCitation('packages/x/src/a.ts', 'kiro-protocol.md')).toMatch(/no such file/);
    expect(commentsOf("const url = 'https://x'; // see docs/a.md\n/* b.md */")).toEqual([
      { line: 1, text: '// see docs/a.md' },
      { line: 2, text: '/* b.md */' },
    ]);
    expect(anchorOf('Tool definitions')).toBe('tool-definitions');
    for (const citation of ['what JW saw', 'kiro-protocol §3.3', 'per perf-notes', '/work/shared/x.md']) {
      expect(outsideReference.test(citation), citation).toBe(true);
    }
    expect(outsideReference.test('JWT tokens and ACKs')).toBe(false);
  });
});
