// What a start skips when nothing changed, and what it still does when something did: a migration
// shipped after the database was made is applied on the next start (drizzle's migrator runs only
// when the journal's newest migration is not recorded), and a queue whose options changed in a
// release is updated to them (pg-boss's createQueue leaves an existing queue as it is). On the
// embedded PGlite and on a real Postgres.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueue, openDatabase } from '../../src/server/index.ts';
import { GRADE_QUEUE, GRADE_RETRIES, ensureQueues } from '../../src/server/grader.ts';
import { startPostgres } from '../support/postgres.ts';
import type { TestPostgres } from '../support/postgres.ts';

describe.each(['pglite', 'postgres'] as const)('start-up on %s', (backend) => {
  let postgres: TestPostgres | null = null;
  let url: string | null = null;
  const work = mkdtempSync(join(tmpdir(), 'strata-startup-'));
  const dataDir = join(work, 'data');

  beforeAll(async () => {
    if (backend === 'postgres') {
      postgres = await startPostgres();
      url = await postgres.createDatabase('strata_startup');
    }
  }, 120_000);

  afterAll(() => {
    postgres?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  const tables = async (database: Awaited<ReturnType<typeof openDatabase>>) => {
    const { rows } = (await database.db.execute(
      sql`select table_name from information_schema.tables where table_schema = 'public'`,
    )) as { rows: { table_name: string }[] };
    return rows.map((row) => row.table_name);
  };
  const recorded = async (database: Awaited<ReturnType<typeof openDatabase>>) => {
    const { rows } = (await database.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`)) as {
      rows: { n: number }[];
    };
    return rows[0]!.n;
  };

  it('applies a migration shipped after the database was made, once', async () => {
    const first = await openDatabase({ url, dataDir });
    const shipped = await recorded(first);
    expect(await tables(first)).toContain('submission');
    expect(await tables(first)).not.toContain('startup_probe');
    await first.close();

    // The next release: drizzle-kit's output folder with one more migration.
    const folder = join(work, 'drizzle');
    cpSync('drizzle', folder, { recursive: true });
    const journalPath = join(folder, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as {
      entries: { idx: number; version: string; when: number; tag: string; breakpoints: boolean }[];
    };
    const last = journal.entries.at(-1)!;
    journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1000, tag: '9999_startup_probe' });
    writeFileSync(journalPath, JSON.stringify(journal, null, 2));
    writeFileSync(join(folder, '9999_startup_probe.sql'), 'CREATE TABLE "startup_probe" ("id" text PRIMARY KEY);\n');

    const second = await openDatabase({ url, dataDir, migrationsFolder: folder });
    expect(await tables(second)).toContain('startup_probe');
    expect(await recorded(second)).toBe(shipped + 1);
    await second.close();

    // Nothing new: nothing applied again.
    const third = await openDatabase({ url, dataDir, migrationsFolder: folder });
    expect(await recorded(third)).toBe(shipped + 1);
    await third.close();
  }, 120_000);

  it('creates missing queues and updates one whose options changed', async () => {
    const database = await openDatabase({ url, dataDir });
    const boss = await createQueue(database);
    try {
      const grade = (await boss.getQueues([GRADE_QUEUE]))[0]!;
      expect(grade).toMatchObject({ retryLimit: GRADE_RETRIES, deadLetter: 'grade-dead' });
      // An older release made it with other options.
      await boss.updateQueue(GRADE_QUEUE, { retryLimit: GRADE_RETRIES + 3, retryDelay: 9 });
      await ensureQueues(boss, [
        { name: 'startup-probe', policy: 'standard', retryLimit: 1 },
        { name: GRADE_QUEUE, policy: 'standard', retryLimit: GRADE_RETRIES, retryDelay: 2 },
      ]);
      expect((await boss.getQueues([GRADE_QUEUE]))[0]).toMatchObject({ retryLimit: GRADE_RETRIES, retryDelay: 2 });
      expect((await boss.getQueues(['startup-probe']))[0]).toMatchObject({ retryLimit: 1 });
    } finally {
      await boss.stop({ graceful: true, timeout: 5_000 });
      await database.close();
    }
  }, 120_000);
});
