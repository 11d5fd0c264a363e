import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrationsNode, listMigrationFiles, MIGRATIONS_TABLE } from '../../src/db/migrate-node';
import { MAX_RETRIES } from '../../src/jobs/consume';
import { DEFAULT_MIGRATIONS_DIR } from '../../src/server/start';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDb(): Database.Database {
  const dir = mkdtempSync(join(tmpdir(), 'piggycar-mig-'));
  dirs.push(dir);
  return new Database(join(dir, 'db.sqlite'));
}

describe('migrations on the Node shell', () => {
  it('finds the .sql files wrangler applies (migrations_dir in wrangler.toml), in order', () => {
    const toml = readFileSync(new URL('../../wrangler.toml', import.meta.url), 'utf8');
    expect(toml).toMatch(/migrations_dir\s*=\s*"migrations"/);
    const files = listMigrationFiles(DEFAULT_MIGRATIONS_DIR);
    expect(files.length).toBeGreaterThan(0);
    expect(files[0]).toMatch(/^0000_.*\.sql$/);
    expect([...files].sort()).toEqual(files);
  });

  it("applies every migration once and records it in wrangler's d1_migrations table", () => {
    const db = tempDb();
    const applied = applyMigrationsNode(db, DEFAULT_MIGRATIONS_DIR);
    expect(applied).toEqual(listMigrationFiles(DEFAULT_MIGRATIONS_DIR));
    const rows = db.prepare(`select id, name, applied_at from ${MIGRATIONS_TABLE} order by id`).all() as { name: string; applied_at: string }[];
    expect(rows.map((r) => r.name)).toEqual(applied);
    expect(rows.every((r) => typeof r.applied_at === 'string')).toBe(true);
    const tables = (db.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['fabrics', 'fabric_chunks', 'api_tokens', 'queue_messages', 'dead_letter_jobs']));
    expect(applyMigrationsNode(db, DEFAULT_MIGRATIONS_DIR)).toEqual([]);
    db.close();
  });

  it('skips migrations wrangler already recorded, and a failing migration leaves no trace', () => {
    const db = tempDb();
    const files = listMigrationFiles(DEFAULT_MIGRATIONS_DIR);
    applyMigrationsNode(db, DEFAULT_MIGRATIONS_DIR);
    const dir = mkdtempSync(join(tmpdir(), 'piggycar-migdir-'));
    dirs.push(dir);
    for (const f of files) copyFileSync(join(DEFAULT_MIGRATIONS_DIR, f), join(dir, f));
    writeFileSync(join(dir, '9999_broken.sql'), 'CREATE TABLE half_done (x integer);\nINSERT INTO no_such_table VALUES (1);\n');
    expect(() => applyMigrationsNode(db, dir)).toThrow(/no_such_table/);
    const names = (db.prepare(`select name from ${MIGRATIONS_TABLE}`).all() as { name: string }[]).map((r) => r.name);
    expect(names).toEqual(files);
    expect(db.prepare("select count(*) as n from sqlite_master where name = 'half_done'").get()).toEqual({ n: 0 });
    db.close();
  });

  it("wrangler.toml's consumer max_retries equals the Node queue's MAX_RETRIES", () => {
    const toml = readFileSync(new URL('../../wrangler.toml', import.meta.url), 'utf8');
    const consumer = toml.split('[[queues.consumers]]')[1];
    expect(consumer).toContain('queue = "piggycar-jobs"');
    expect(consumer).toMatch(new RegExp(`max_retries\\s*=\\s*${MAX_RETRIES}\\b`));
    expect(consumer).toMatch(/dead_letter_queue\s*=\s*"piggycar-jobs-dlq"/);
  });

  it('`wrangler d1 migrations apply` and the Node shell apply the same files and track them the same way', () => {
    const dir = mkdtempSync(join(tmpdir(), 'piggycar-wrangler-'));
    dirs.push(dir);
    const wrangler = join(process.cwd(), 'node_modules', '.bin', 'wrangler');
    const run = spawnSync(wrangler, ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', dir], {
      encoding: 'utf8',
      env: { ...process.env, CI: '1', WRANGLER_SEND_METRICS: 'false' },
    });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    const d1Dir = join(dir, 'v3', 'd1', 'miniflare-D1DatabaseObject');
    const file = readdirSync(d1Dir).find((f) => f.endsWith('.sqlite') && f !== 'metadata.sqlite');
    expect(file).toBeDefined();
    const d1 = new Database(join(d1Dir, file as string));
    const byWrangler = (d1.prepare(`select name from ${MIGRATIONS_TABLE} order by id`).all() as { name: string }[]).map((r) => r.name);
    expect(byWrangler).toEqual(listMigrationFiles(DEFAULT_MIGRATIONS_DIR));
    // The Node shell sees wrangler's bookkeeping as its own: nothing left to apply.
    expect(applyMigrationsNode(d1, DEFAULT_MIGRATIONS_DIR)).toEqual([]);
    d1.close();
  }, 120_000);
});
