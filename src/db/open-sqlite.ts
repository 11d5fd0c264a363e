import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AppDatabase } from './database';
import { applyMigrationsNode } from './migrate-node';
import * as schema from './schema';

/** An open better-sqlite3 database with its drizzle wrapper. */
export interface SqliteHandle {
  db: AppDatabase;
  sqlite: Database.Database;
  /** Migrations applied when it was opened. */
  applied: string[];
  close(): void;
}

/**
 * Opens (creating folders as needed) a better-sqlite3 file, sets it up like D1 (foreign keys on,
 * WAL), and applies the migrations of `migrationsDir`.
 *
 * @example
 * const { db, close } = openSqliteDatabase('./data/piggycar.db', 'migrations');
 */
export function openSqliteDatabase(file: string, migrationsDir: string): SqliteHandle {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const applied = applyMigrationsNode(sqlite, migrationsDir);
  const db = drizzle(sqlite, { schema }) as unknown as AppDatabase;
  return {
    db,
    sqlite,
    applied,
    close: function close() {
      sqlite.close();
    },
  };
}
