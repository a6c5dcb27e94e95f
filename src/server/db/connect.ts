import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
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
 * Opens the database and brings its schema up to date: a real Postgres when `url` is set, else an
 * embedded PGlite in `dataDir` (created on first use: PGlite runs initdb in WebAssembly, which
 * takes seconds on an idle machine and much longer on a busy one). `dataDir` 'memory://' keeps
 * everything in memory (tests).
 */
export async function openDatabase(options: { url?: string | null; dataDir: string }): Promise<Database> {
  if (options.url) {
    const pool = new pg.Pool({ connectionString: options.url, max: 10 });
    // An idle connection cut by the server (Postgres restarted, a failover) is dropped from the pool
    // and the next query opens a new one; unhandled, this event would end the process.
    pool.on('error', (error) => console.error(`database: idle connection lost: ${error.message}`));
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    await migratePg(drizzlePg(pool), { migrationsFolder: MIGRATIONS });
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
  );
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  await migratePglite(drizzlePglite(client), { migrationsFolder: MIGRATIONS });
  return {
    kind: 'pglite',
    db,
    queue: { db: fromPglite(client), backend: 'pglite' },
    close: () => client.close(),
  };
}
