/**
 * The Temporal time-skipping test server (io.temporal:temporal-test-server, a plain Java jar
 * from Maven Central), for tests of long legal clocks (90-day case decision, working-day
 * review deadlines) without real waiting. The SDK's own download goes to a vendor server that
 * cannot be reached here, so the classpath is resolved with Maven into a cache outside the
 * repository, and a wrapper script starts it. First run downloads; later runs only check.
 *
 *   const path = await resolveTimeSkippingServer();
 *   TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } })
 *
 * Needs `java` (17+) and `mvn` on PATH.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A version Maven Central serves and that resolves with its dependencies on Java 17. */
export const TEST_SERVER_VERSION = process.env.ONEVISIT_TEST_SERVER_VERSION || '1.31.0';

export function testServerCacheDir(version = TEST_SERVER_VERSION): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'onevisit', 'test-server', version);
}

function pomFor(version: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>onevisit</groupId>
  <artifactId>temporal-test-server-classpath</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId>
      <artifactId>temporal-test-server</artifactId>
      <version>${version}</version>
    </dependency>
  </dependencies>
</project>
`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts the server once and waits until it listens: the first JVM start reads every jar
 * from disk and can exceed the 5 s sdk-core allows; afterwards the files are in the page cache.
 */
async function warm(executable: string, timeoutMs = 60_000): Promise<void> {
  const port = await freePort();
  const child = spawn(executable, [String(port)], { stdio: 'ignore' });
  try {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`time-skipping test server exited with code ${child.exitCode}`);
      if (await canConnect(port)) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`time-skipping test server did not listen within ${timeoutMs} ms`);
  } finally {
    child.kill('SIGTERM');
  }
}

let resolved: Promise<string> | undefined;

/** Path of the wrapper script that runs the test server (installed on first use). */
export function resolveTimeSkippingServer(version = TEST_SERVER_VERSION): Promise<string> {
  resolved ??= install(version).catch((error) => {
    resolved = undefined;
    throw error;
  });
  return resolved;
}

async function install(version: string): Promise<string> {
  const dir = testServerCacheDir(version);
  const lib = path.join(dir, 'lib');
  const wrapper = path.join(dir, 'temporal-test-server');
  const jar = path.join(lib, `temporal-test-server-${version}.jar`);
  if (!fs.existsSync(jar)) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'pom.xml'), pomFor(version));
    try {
      execFileSync(
        'mvn',
        ['-q', '-B', '-f', path.join(dir, 'pom.xml'), 'dependency:copy-dependencies', `-DoutputDirectory=${lib}`, '-DincludeScope=runtime'],
        { stdio: ['ignore', 'pipe', 'pipe'], timeout: 10 * 60_000 },
      );
    } catch (error) {
      const e = error as { stdout?: Buffer; stderr?: Buffer; message: string };
      throw new Error(
        `could not resolve io.temporal:temporal-test-server:${version} with Maven (needs mvn and java): ` +
          `${e.message}\n${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}`,
      );
    }
    if (!fs.existsSync(jar)) throw new Error(`Maven finished but ${jar} is missing`);
  }
  // `exec` matters: sdk-core stops the server by killing its direct child.
  const script = `#!/bin/sh\nexec java -cp '${lib}/*' io.temporal.testserver.TestServer "$@"\n`;
  if (!fs.existsSync(wrapper) || fs.readFileSync(wrapper, 'utf8') !== script) {
    fs.writeFileSync(wrapper, script, { mode: 0o755 });
  }
  await warm(wrapper);
  return wrapper;
}

if (require.main === module) {
  resolveTimeSkippingServer().then(
    (p) => console.log(p),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
