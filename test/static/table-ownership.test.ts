import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from '@kirogate/db';
import { tableOwners } from '@kirogate/db';
import { getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Table name by the name of its drizzle export (`apiKeys` → `api_keys`). */
const tableByExport = new Map<string, string>(
  Object.entries(schema).flatMap(([name, value]) =>
    is(value, PgTable) ? [[name, getTableName(value)] as const] : [],
  ),
);
const tableNames = new Set<string>(tableByExport.values());
const owners: Record<string, string> = tableOwners;

/** Shipped source files (tests and benchmarks left out) of every package and service. */
function sourceFiles(): string[] {
  return ['packages', 'services'].flatMap((group) =>
    readdirSync(join(repoRoot, group), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .flatMap((entry) =>
        readdirSync(join(repoRoot, group, entry.name, 'src'), { recursive: true, encoding: 'utf8' })
          .filter((file) => file.endsWith('.ts') && !/\.(test|bench)\.ts$/.test(file))
          .map((file) => `${group}/${entry.name}/src/${file}`),
      ),
  );
}

function withoutComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

/**
 * Tables a file writes: drizzle `insert(t)`, `update(t)`, `delete(t)` of a schema table, and SQL
 * `insert into`, `update`, `delete from`, `truncate` of a table name. A statement whose table is
 * interpolated (`delete from ${table}`) counts every table named in a string literal of the file.
 */
function tablesWrittenBy(code: string): Set<string> {
  const text = withoutComments(code);
  const written = new Set<string>();
  for (const match of text.matchAll(/\.(?:insert|update|delete)\(\s*([A-Za-z_$][\w$]*)\s*\)/g)) {
    const table = tableByExport.get(match[1] ?? '');
    if (table) written.add(table);
  }
  const statement =
    /\b(?:insert\s+into|update|delete\s+from|truncate(?:\s+table)?|merge\s+into)\s+(\$\{|"?([a-z_]+)"?)/gi;
  for (const match of text.matchAll(statement)) {
    if (match[1] === '${') {
      for (const literal of text.matchAll(/['"`]([a-z_]+)['"`]/g)) {
        if (tableNames.has(literal[1] ?? '')) written.add(literal[1] ?? '');
      }
    } else if (tableNames.has(match[2] ?? '')) {
      written.add(match[2] ?? '');
    }
  }
  return written;
}

describe('table ownership', () => {
  it('names the owner of every table in the schema', () => {
    expect(tableNames.size).toBeGreaterThan(10);
    expect([...tableNames].filter((table) => !(table in owners))).toEqual([]);
    expect(Object.keys(owners).filter((table) => !tableNames.has(table))).toEqual([]);
  });

  it('finds the writes it looks for', () => {
    expect(tablesWrittenBy('await db.update(apiKeys).set({ name })')).toEqual(new Set(['api_keys']));
    expect(tablesWrittenBy('sql`update credentials c set fail_count = 1`')).toEqual(new Set(['credentials']));
    expect(tablesWrittenBy(`const t = 'usage_daily'; sql\`delete from \${sql.raw(t)}\``)).toEqual(
      new Set(['usage_daily']),
    );
    expect(tablesWrittenBy('// update credentials set x\nselect 1')).toEqual(new Set());
  });

  it('lets only the owning service write a table', () => {
    const trespasses: string[] = [];
    for (const file of sourceFiles()) {
      const service = /^services\/([^/]+)\//.exec(file)?.[1];
      for (const table of tablesWrittenBy(readFileSync(join(repoRoot, file), 'utf8'))) {
        if (owners[table] !== service) trespasses.push(`${file} writes ${table} (owner: ${owners[table]})`);
      }
    }
    expect(trespasses).toEqual([]);
  });
});
