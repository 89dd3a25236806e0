import fs from 'node:fs';
import { Client } from 'pg';

/** Drops this run's databases on a server the run did not start (PG_URL); a throwaway cluster goes as a whole. */
async function dropRunDatabases(): Promise<void> {
  const postgres = globalThis.__onevisitPostgres;
  if (!postgres) return;
  if (postgres.server.owned) return postgres.server.stop();
  if (process.env.ONEVISIT_KEEP_TEST_DATA) return;
  const client = new Client({ connectionString: postgres.server.adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [postgres.prefix]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

export default async function globalTeardown(): Promise<void> {
  await globalThis.__onevisitDevServer?.teardown();
  await dropRunDatabases();
  const dir = globalThis.__onevisitTestDataDir;
  // Keep the databases of a failed run for inspection only when asked to.
  if (dir && !process.env.ONEVISIT_KEEP_TEST_DATA) fs.rmSync(dir, { recursive: true, force: true });
}
