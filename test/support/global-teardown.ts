import fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  await globalThis.__onevisitDevServer?.teardown();
  const dir = globalThis.__onevisitTestDataDir;
  // Keep the databases of a failed run for inspection only when asked to.
  if (dir && !process.env.ONEVISIT_KEEP_TEST_DATA) fs.rmSync(dir, { recursive: true, force: true });
}
