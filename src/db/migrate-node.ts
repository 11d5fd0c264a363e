import type BetterSqlite3 from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The table wrangler uses to track applied D1 migrations; the Node shell keeps the same one. */
export const MIGRATIONS_TABLE = 'd1_migrations';

/**
 * The `.sql` migration files of a folder in the order wrangler applies them (by name: drizzle-kit
 * numbers them 0000_, 0001_, ...). `meta/` (drizzle-kit's snapshots) is not a migration.
 *
 * @example
 * listMigrationFiles('migrations'); // ['0000_grey_red_wolf.sql', ...]
 */
export function listMigrationFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter(function isSql(e) {
      return e.isFile() && e.name.endsWith('.sql');
    })
    .map(function name(e) {
      return e.name;
    })
    .sort();
}

/**
 * Applies the not-yet-applied migrations of `dir` to a better-sqlite3 database exactly as
 * `wrangler d1 migrations apply` does to D1: each file in its own transaction, recorded by file
 * name in `d1_migrations` (same columns as wrangler's). Returns the names applied now.
 *
 * @example
 * const applied = applyMigrationsNode(sqlite, 'migrations');
 */
export function applyMigrationsNode(sqlite: BetterSqlite3.Database, dir: string): string[] {
  sqlite.exec(
    `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE}(
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      name TEXT UNIQUE,
      applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
    );`,
  );
  const done = new Set(
    (sqlite.prepare(`SELECT name FROM ${MIGRATIONS_TABLE}`).all() as { name: string }[]).map(function n(r) {
      return r.name;
    }),
  );
  const applied: string[] = [];
  const record = sqlite.prepare(`INSERT INTO ${MIGRATIONS_TABLE} (name) VALUES (?)`);
  for (const file of listMigrationFiles(dir)) {
    if (done.has(file)) continue;
    const text = readFileSync(join(dir, file), 'utf8');
    sqlite.transaction(function applyOne() {
      sqlite.exec(text);
      record.run(file);
    })();
    applied.push(file);
  }
  return applied;
}
