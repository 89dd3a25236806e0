/**
 * The Temporal time-skipping test server (io.temporal:temporal-test-server, a plain Java jar
 * from Maven Central), for tests of long legal clocks (90-day case decision, working-day
 * review deadlines) without real waiting. The SDK's own download goes to a vendor server that
 * cannot be reached here, so the classpath is resolved with Maven into a cache outside the
 * repository, and a wrapper script starts it. First run downloads; later runs only check.
 *
 * The wrapper runs scripts/time-skipping/PinnedTimeTestServer.java (compiled into the cache on
 * first use) instead of the jar's own main, so a test can pin the server's clock to an instant:
 *
 *   const path = await resolveTimeSkippingServer();
 *   TestWorkflowEnvironment.createTimeSkipping({
 *     server: { executable: { type: 'existing-path', path }, extraArgs: startAtArgs('2026-03-02T09:00:00+08:00') },
 *   })
 *
 * Needs a JDK 17+ (`java`, `javac`) and Maven: found on JAVA_HOME, PATH or /usr/lib/jvm, else
 * installed with apt-get when root (default-jdk-headless, maven), else an error naming them.
 */
import { createHash } from 'node:crypto';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { aptInstall, canAptInstall, isExecutable, onPath, versionLine, type Log } from './system-tools';
import { freePort } from './processes';

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

const PINNED_SERVER_SOURCE = path.join(__dirname, 'time-skipping', 'PinnedTimeTestServer.java');
const PINNED_SERVER_CLASS = 'PinnedTimeTestServer';

/** An ISO instant with an explicit offset (`Z` or `+08:00`), so the pinned start never depends on the machine's zone. */
const ISO_INSTANT_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Epoch milliseconds of a pinned start; throws on anything but an ISO instant with an offset. */
export function parseStartAt(startAt: string): number {
  const ms = Date.parse(startAt);
  if (!ISO_INSTANT_WITH_OFFSET.test(startAt) || Number.isNaN(ms)) {
    throw new Error(`startAt must be an ISO instant with an offset such as 2026-03-02T09:00:00+08:00, got ${JSON.stringify(startAt)}`);
  }
  return ms;
}

/** The server's extra arguments for a clock that starts at `startAt` (none: it starts at now). */
export function startAtArgs(startAt?: string): string[] {
  return startAt === undefined ? [] : [`--start-at=${parseStartAt(startAt)}`];
}

/**
 * Compiles the pinned-start main against the server's classpath into the cache, keyed by the
 * source's hash so an edited source is rebuilt; written to a temporary directory and renamed,
 * so parallel test workers never see half a class file.
 */
function compilePinnedServer(dir: string, lib: string, javac: string): string {
  const source = fs.readFileSync(PINNED_SERVER_SOURCE);
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 12);
  const classes = path.join(dir, `pinned-${hash}`);
  if (fs.existsSync(path.join(classes, `${PINNED_SERVER_CLASS}.class`))) return classes;
  const staging = fs.mkdtempSync(path.join(dir, 'pinned-staging-'));
  try {
    execFileSync(javac, ['-nowarn', '-cp', `${lib}/*`, '-d', staging, PINNED_SERVER_SOURCE], {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 5 * 60_000,
    });
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    const e = error as { stderr?: Buffer; message: string };
    throw new Error(`could not compile ${PINNED_SERVER_SOURCE} with javac (needs a JDK 17+): ${e.message}\n${e.stderr?.toString() ?? ''}`);
  }
  try {
    fs.renameSync(staging, classes);
  } catch {
    // Another worker renamed its copy first: same source, same classes.
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return classes;
}

export interface JavaToolchain {
  java: string;
  javac: string;
  mvn: string;
  javaHome: string;
}

export const JAVA_APT_PACKAGES = ['default-jdk-headless', 'maven'];
const MIN_JAVA = 17;

function javaMajor(java: string): number | null {
  // `openjdk version "17.0.15" 2025-04-15` (or "1.8.0_…" for Java 8).
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionLine(java, ['-version']) ?? '');
  if (!match) return null;
  return match[1] === '1' ? Number(match[2]) : Number(match[1]);
}

/** A JDK (java + javac) of at least Java 17: JAVA_HOME, then PATH, then /usr/lib/jvm. */
function findJdk(): { java: string; javac: string; javaHome: string } | null {
  const homes: string[] = [];
  if (process.env.JAVA_HOME) homes.push(process.env.JAVA_HOME);
  const javacOnPath = onPath('javac');
  if (javacOnPath) homes.push(path.dirname(path.dirname(fs.realpathSync(javacOnPath))));
  try {
    for (const entry of fs.readdirSync('/usr/lib/jvm').sort().reverse()) homes.push(path.join('/usr/lib/jvm', entry));
  } catch {
    // no system JVMs
  }
  for (const home of homes) {
    const java = path.join(home, 'bin', 'java');
    const javac = path.join(home, 'bin', 'javac');
    if (isExecutable(java) && isExecutable(javac) && (javaMajor(java) ?? 0) >= MIN_JAVA) return { java, javac, javaHome: home };
  }
  return null;
}

function findToolchain(): JavaToolchain | null {
  const jdk = findJdk();
  const mvn = onPath('mvn') ?? (isExecutable('/usr/share/maven/bin/mvn') ? '/usr/share/maven/bin/mvn' : null);
  return jdk && mvn ? { ...jdk, mvn } : null;
}

let toolchain: Promise<JavaToolchain> | undefined;

/** The JDK and Maven that run the test server, installed with apt-get when missing and root. */
export function resolveJavaToolchain(log: Log = (m) => console.log(`[time-skipping] ${m}`)): Promise<JavaToolchain> {
  toolchain ??= (async () => {
    const found = findToolchain();
    if (found) return found;
    log(`no JDK ${MIN_JAVA}+ with javac and Maven found (JAVA_HOME, PATH, /usr/lib/jvm)`);
    if (canAptInstall() && (await aptInstall(JAVA_APT_PACKAGES, log))) {
      const installed = findToolchain();
      if (installed) return installed;
    }
    throw new Error(
      `The time-skipping test server needs a JDK ${MIN_JAVA}+ (java, javac) and Maven. Install them and run again: ` +
        `\`sudo apt-get install -y ${JAVA_APT_PACKAGES.join(' ')}\` (Debian/Ubuntu), or set JAVA_HOME and put mvn on PATH.`,
    );
  })().catch((error) => {
    toolchain = undefined;
    throw error;
  });
  return toolchain;
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
  const tools = await resolveJavaToolchain();
  const dir = testServerCacheDir(version);
  const lib = path.join(dir, 'lib');
  // Not the old `temporal-test-server` name: checkouts without the pinned main still rewrite that one.
  const wrapper = path.join(dir, 'temporal-test-server-pinned');
  const jar = path.join(lib, `temporal-test-server-${version}.jar`);
  if (!fs.existsSync(jar)) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'pom.xml'), pomFor(version));
    console.log(`[time-skipping] resolving io.temporal:temporal-test-server:${version} with Maven into ${lib} (first time only)…`);
    try {
      execFileSync(
        tools.mvn,
        ['-q', '-B', '-f', path.join(dir, 'pom.xml'), 'dependency:copy-dependencies', `-DoutputDirectory=${lib}`, '-DincludeScope=runtime'],
        { stdio: ['ignore', 'pipe', 'pipe'], timeout: 10 * 60_000, env: { ...process.env, JAVA_HOME: tools.javaHome } },
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
  const classes = compilePinnedServer(dir, lib, tools.javac);
  // `exec` matters: sdk-core stops the server by killing its direct child. Under libfaketime
  // (npm run test:clock) the JVM starts too slowly for sdk-core's 5 s, and a pinned server's
  // clock does not read the machine's date anyway: ONEVISIT_TEST_SERVER_REAL_CLOCK drops it.
  const script =
    '#!/bin/sh\n' +
    '[ -n "$ONEVISIT_TEST_SERVER_REAL_CLOCK" ] && unset LD_PRELOAD FAKETIME\n' +
    `exec '${tools.java}' -cp '${classes}:${lib}/*' ${PINNED_SERVER_CLASS} "$@"\n`;
  if (!fs.existsSync(wrapper) || fs.readFileSync(wrapper, 'utf8') !== script) {
    // Renamed into place: another worker may be starting the old wrapper right now.
    const staging = `${wrapper}.${process.pid}`;
    fs.writeFileSync(staging, script, { mode: 0o755 });
    fs.renameSync(staging, wrapper);
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
