import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { fromPglite } from 'pg-boss';
import type { Db as IDatabase } from 'pg-boss';
import * as schema from './schema.ts';

export type Schema = typeof schema;
/** The one Drizzle type the rest of the server uses, whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** How pg-boss reaches the same database: PGlite's single connection, or a connection string. */
  queue: { db: IDatabase; backend: 'pglite' } | { connectionString: string };
  close(): Promise<void>;
}

const MIGRATIONS = resolve(dirname(fileURLToPath(import.meta.url)), '../../../drizzle');

/**
 * The embedded Postgres's buffer pool. PGlite's default (Postgres's 128 MB) is zeroed page by page
 * in WebAssembly on every start: about 0.5 s of CPU and 130 MB of memory more than 32 MB, which
 * holds a course's working set (the submissions and queue rows being written and read).
 */
const PGLITE_SHARED_BUFFERS = '32MB';

/**
 * Whether the database lacks a migration of `folder`. Drizzle's migrator applies every journal
 * entry newer than the newest row of drizzle.__drizzle_migrations (by `when`), after creating its
 * schema and table; when the newest journal entry is already recorded it does nothing, so one
 * query answers for the usual start. Any failure (no migrations table yet) means "migrate".
 */
async function migrationsPending(db: Db, folder: string): Promise<boolean> {
  const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as {
    entries: { when: number }[];
  };
  const newest = Math.max(...journal.entries.map((entry) => entry.when));
  try {
    // Both drivers answer { rows }; created_at is a bigint (a string from node-postgres).
    const { rows } = (await db.execute(sql`select max(created_at) as newest from drizzle.__drizzle_migrations`)) as {
      rows: { newest: string | number | null }[];
    };
    const recorded = rows[0]?.newest;
    return recorded === null || recorded === undefined || Number(recorded) < newest;
  } catch {
    return true;
  }
}

/**
 * Opens the database and brings its schema up to date: a real Postgres when `url` is set, else an
 * embedded PGlite in `dataDir` (created on first use: PGlite runs initdb in WebAssembly, which
 * takes seconds on an idle machine and much longer on a busy one). `dataDir` 'memory://' keeps
 * everything in memory (tests).
 */
export async function openDatabase(options: {
  url?: string | null;
  dataDir: string;
  /** drizzle-kit's output folder (tests give one with an extra migration). */
  migrationsFolder?: string;
}): Promise<Database> {
  const migrationsFolder = options.migrationsFolder ?? MIGRATIONS;
  if (options.url) {
    const pool = new pg.Pool({ connectionString: options.url, max: 10 });
    // An idle connection cut by the server (Postgres restarted, a failover) is dropped from the pool
    // and the next query opens a new one; unhandled, this event would end the process.
    pool.on('error', (error) => console.error(`database: idle connection lost: ${error.message}`));
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    if (await migrationsPending(db, migrationsFolder)) await migratePg(drizzlePg(pool), { migrationsFolder });
    return {
      kind: 'postgres',
      db,
      queue: { connectionString: options.url },
      close: () => pool.end(),
    };
  }
  if (!options.dataDir.startsWith('memory://')) mkdirSync(options.dataDir, { recursive: true });
  const client = await PGlite.create(
    options.dataDir.startsWith('memory://') ? options.dataDir : join(options.dataDir, 'pgdata'),
    { startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`] },
  );
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  if (await migrationsPending(db, migrationsFolder)) await migratePglite(drizzlePglite(client), { migrationsFolder });
  return {
    kind: 'pglite',
    db,
    queue: { db: fromPglite(client), backend: 'pglite' },
    close: () => client.close(),
  };
}
