/**
 * The dynamic-provider plugin process as Linux sees it: peak memory (`VmHWM`, the peak resident set, from
 * /proc/<pid>/status) and CPU time used (utime + stime from /proc/<pid>/stat).
 *
 * The harness does not expose the plugin's pid, so it is found here: a child of this process whose command
 * line runs `cmd/dynamic-provider`, and, when several are alive, the one holding the listening socket of the
 * plugin's gRPC port (matched through /proc/<pid>/fd and /proc/net/tcp{,6}).
 */
import * as fs from "node:fs";

/** Peak and current resident memory of a process, in bytes. */
export interface ProcessMemory {
  /** The process id. */
  pid: number;
  /** Peak resident set size (VmHWM). */
  peakRssBytes: number;
  /** Resident set size now (VmRSS). */
  rssBytes: number;
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

function pluginChildren(parentPid: number): number[] {
  if (!fs.existsSync("/proc")) return [];
  const pids: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const status = readText(`/proc/${entry}/status`);
    const ppid = status && /^PPid:\s+(\d+)/m.exec(status)?.[1];
    if (Number(ppid) !== parentPid) continue;
    const cmdline = readText(`/proc/${entry}/cmdline`)?.split("\0") ?? [];
    if (cmdline.some((arg) => arg.includes("dynamic-provider"))) pids.push(Number(entry));
  }
  return pids;
}

function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of (readText(table) ?? "").split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local_address is "ADDR:PORT"; state 0A is LISTEN; the inode is field 9.
      if (fields.length > 9 && fields[1].endsWith(`:${hexPort}`) && fields[3] === "0A") inodes.add(fields[9]);
    }
  }
  return inodes;
}

function holdsSocket(pid: number, inodes: Set<string>): boolean {
  try {
    return fs.readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        const target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
        const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
        return inode !== undefined && inodes.has(inode);
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

/** The pid of the plugin child listening on `port`, or undefined (not Linux, or not found). */
export function findPluginPid(port: number, parentPid: number = process.pid): number | undefined {
  const candidates = pluginChildren(parentPid);
  if (candidates.length <= 1) return candidates[0];
  const inodes = listeningInodes(port);
  return candidates.find((pid) => holdsSocket(pid, inodes));
}

/** Peak and current resident memory of `pid`, or undefined when /proc cannot tell. */
export function processMemory(pid: number): ProcessMemory | undefined {
  const status = readText(`/proc/${pid}/status`);
  if (!status) return undefined;
  const kb = (key: string): number | undefined => {
    const match = new RegExp(`^${key}:\\s+(\\d+)\\s+kB`, "m").exec(status);
    return match ? Number(match[1]) * 1024 : undefined;
  };
  const peak = kb("VmHWM");
  const rss = kb("VmRSS");
  return peak === undefined || rss === undefined ? undefined : { pid, peakRssBytes: peak, rssBytes: rss };
}

/** CPU time (user + system) the process has used so far, in ms, or undefined when /proc cannot tell. */
export function processCpuMs(pid: number): number | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  // Fields after the command name (which may hold spaces) start at field 3; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? (ticks * 1000) / CLOCK_TICKS_PER_SECOND : undefined;
}

/** USER_HZ: the unit of utime and stime in /proc/<pid>/stat (100 on every mainstream Linux build). */
const CLOCK_TICKS_PER_SECOND = 100;
