/**
 * Small process and port helpers for the dev stack (Linux /proc; elsewhere they answer what
 * they can): who holds a port, is a pid still the process we recorded, stop it.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {
      // not here
    }
  }
  return null;
}

/** A port the kernel just handed out on 127.0.0.1 (free at the time of asking). */
function kernelPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The lowest port the kernel gives outgoing connections as their local port (Linux), or null. */
function ephemeralPortsFrom(): number | null {
  try {
    const low = Number(fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) ? low : null;
  } catch {
    return null;
  }
}

/** Ports below the kernel's range are picked from here up. */
const LOWEST_CHOSEN_PORT = 10_000;

/**
 * A free port on 127.0.0.1 for a server started a moment later, or started again after a kill.
 * Chosen below the kernel's ephemeral range where there is room (Linux): a port from that range,
 * once released, may be given to any process's outgoing connection as its local port before
 * our server binds it again (CI saw a killed dev server's port still taken). Otherwise a port
 * the kernel hands out.
 */
export async function freePort(): Promise<number> {
  const ephemeral = ephemeralPortsFrom();
  if (ephemeral !== null && ephemeral - LOWEST_CHOSEN_PORT >= 1_000) {
    for (let attempt = 0; attempt < 50; attempt++) {
      const port = LOWEST_CHOSEN_PORT + Math.floor(Math.random() * (ephemeral - LOWEST_CHOSEN_PORT));
      if (await portIsFree(port)) return port;
    }
  }
  return kernelPort();
}

export function portIsFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function procStat(pid: number | 'self'): string[] | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: split after its last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** Alive and not a zombie (a killed process whose parent has not collected it yet). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = procStat(pid);
  return stat === null ? process.platform !== 'linux' : stat[0] !== 'Z';
}

export function parentPid(pid: number): number | null {
  const stat = procStat(pid);
  return stat ? Number(stat[1]) : null;
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux only; null elsewhere or once it is gone). */
export function processCpuSeconds(pid: number | 'self'): number | null {
  const stat = procStat(pid);
  // utime and stime, in clock ticks (USER_HZ, 100 on Linux).
  return stat ? (Number(stat[11]) + Number(stat[12])) / 100 : null;
}

/** The same for a process and all its descendants (a tsx child runs its script in a process of its own). */
export function processTreeCpuSeconds(pid: number): number {
  let children: number[] = [];
  try {
    children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(' ').filter(Boolean).map(Number);
  } catch {
    // gone, or no /proc here
  }
  return (processCpuSeconds(pid) ?? 0) + children.reduce((total, child) => total + processTreeCpuSeconds(child), 0);
}

/** Clock ticks since boot when the process started: with the pid, it names one process for good. */
export function processStartTime(pid: number): string | null {
  return procStat(pid)?.[19] ?? null;
}

export function readCmdline(pid: number): string | null {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    return null;
  }
}

/** SIGTERM, then SIGKILL after graceMs; resolves when the process is gone. */
export async function stopProcess(pid: number, graceMs = 10_000): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        return;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The processes listening on a TCP port, found through /proc/net/tcp* and the fds' socket inodes. */
export function portHolders(port: number): { pid: number; cmdline: string }[] {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = fs.readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local_address is HEXIP:HEXPORT; state 0A is LISTEN; field 9 is the socket inode.
      if (fields.length > 9 && fields[3] === '0A' && parseInt(fields[1].split(':')[1], 16) === port) inodes.add(fields[9]);
    }
  }
  const holders: { pid: number; cmdline: string }[] = [];
  if (inodes.size === 0) return holders;
  let pids: string[] = [];
  try {
    pids = fs.readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return holders;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // another user's process, or gone
    }
    const holds = fds.some((fd) => {
      try {
        const target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
        return target.startsWith('socket:[') && inodes.has(target.slice(8, -1));
      } catch {
        return false;
      }
    });
    if (holds) holders.push({ pid: Number(pid), cmdline: readCmdline(Number(pid)) ?? '?' });
  }
  return holders;
}

/** "pid 123 (cmd …)" for a message, or why it cannot be named. */
export function describePortHolder(port: number): string {
  const holders = portHolders(port);
  if (holders.length === 0) return 'a process this user cannot see (check with `ss -ltnp`)';
  return holders.map((h) => `pid ${h.pid} (${h.cmdline.length > 200 ? `${h.cmdline.slice(0, 200)}…` : h.cmdline})`).join(', ');
}
