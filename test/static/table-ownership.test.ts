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

/** A table by its drizzle export name or its SQL name. */
function tableNamed(name: string): string | undefined {
  return tableByExport.get(name) ?? (tableNames.has(name) ? name : undefined);
}

/**
 * Tables a file writes: drizzle `insert(t)`, `update(t)`, `delete(t)` of a schema table, and SQL
 * `insert into`, `update`, `delete from`, `truncate` of a table name. A statement whose table is
 * interpolated (`delete from ${table}`) counts every table named in a string literal of the file.
 * A drizzle write whose table is a variable (a generic helper: `tx.insert(table).values(rows)`) counts
 * every schema table the file passes as a call argument (`insert('users', users, rows)`; reads with
 * `from(t)` and joins aside), and every table named by a string literal passed first to a call whose
 * name says it writes (`insertRows('credentials', rows)`).
 */
function tablesWrittenBy(code: string): Set<string> {
  const text = withoutComments(code);
  const written = new Set<string>();
  for (const match of text.matchAll(/\.(?:insert|update|delete)\(\s*([A-Za-z_$][\w$]*)\s*\)/g)) {
    const table = tableByExport.get(match[1] ?? '');
    if (table) written.add(table);
  }
  const variableWrite =
    /\.(?:insert\(\s*([A-Za-z_$][\w$]*)\s*\)\s*\.values|update\(\s*([A-Za-z_$][\w$]*)\s*\)\s*\.set|delete\(\s*([A-Za-z_$][\w$]*)\s*\)\s*\.where)\(/g;
  const generic = [...text.matchAll(variableWrite)].some(
    (match) => !tableByExport.has(match[1] ?? match[2] ?? match[3] ?? ''),
  );
  if (generic) {
    const argument =
      /(\.(?:from|innerJoin|leftJoin|rightJoin|fullJoin)\(|[(,])\s*([A-Za-z_$][\w$]*)\s*(?=[,)])/g;
    for (const match of text.matchAll(argument)) {
      if (match[1]?.startsWith('.')) continue;
      const table = tableByExport.get(match[2] ?? '');
      if (table) written.add(table);
    }
  }
  const namedWrite = /\b[A-Za-z_$]*(?:insert|write|upsert|save|restore)[\w$]*\(\s*['"`]([A-Za-z_]+)['"`]/gi;
  for (const match of text.matchAll(namedWrite)) {
    const table = tableNamed(match[1] ?? '');
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
    // A generic helper: the table is a variable, the tables are arguments where it is called.
    const helper = [
      'const insert = async (name, table, rows) => tx.insert(table).values(rows).onConflictDoNothing();',
      "await insert('users', users, rows);",
      "await insert('credentials', credentials, rows);",
      'const known = await tx.select().from(apiKeys).innerJoin(settings, on);',
    ].join('\n');
    expect(tablesWrittenBy(helper)).toEqual(new Set(['users', 'credentials']));
    expect(tablesWrittenBy("await insertRows('credentials', rows)")).toEqual(new Set(['credentials']));
    expect(tablesWrittenBy("await writeTable('apiKeys', rows)")).toEqual(new Set(['api_keys']));
    // Not a write: a Map's delete, a table read, a table name in a list.
    expect(
      tablesWrittenBy("seen.delete(key); db.select().from(credentials); const t = ['credentials'];"),
    ).toEqual(new Set());
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
