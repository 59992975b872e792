/**
 * CPU time of the threads of this process's Chromium renderers, read from /proc (Linux): on a
 * shared machine a thread's CPU time says what work it did, where its wall-clock time (and the
 * sampling profiler's "busy" time, which counts a thread waiting for a core) says how busy the
 * machine was. `ThreadCpu.start()` polls every thread of every renderer process descending from
 * this Node process; `between(a, b)` is each thread's CPU in ms between two epoch times.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_S = 100;
const POLL_MS = 25;

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** Parent pid of every process. */
function parents(): Map<number, number> {
  const out = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const stat = read(`/proc/${d}/stat`);
    if (stat === null) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out.set(Number(d), Number(fields[1]));
  }
  return out;
}

/** Renderer processes descending from `root`. */
function renderers(root: number): number[] {
  const ppid = parents();
  const descends = (pid: number): boolean => {
    for (let p = ppid.get(pid), guard = 0; p !== undefined && guard < 10; p = ppid.get(p), guard++) if (p === root) return true;
    return false;
  };
  return [...ppid.keys()].filter((pid) => descends(pid) && (read(`/proc/${pid}/cmdline`) ?? '').includes('--type=renderer'));
}

/** utime + stime of a thread, in ms. */
function cpuMs(pid: number, tid: string): number | null {
  const stat = read(`/proc/${pid}/task/${tid}/stat`);
  if (stat === null) return null;
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / TICKS_PER_S;
}

interface Sample {
  readonly at: number;
  readonly cpu: Map<string, number>;
}

export class ThreadCpu {
  private readonly samples: Sample[] = [];
  private readonly names = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;

  start(): void {
    const poll = (): void => {
      // Threads that ended keep their last reading (the scan worker ends after the read).
      const cpu = new Map<string, number>(this.samples[this.samples.length - 1]?.cpu);
      for (const pid of renderers(process.pid)) {
        let tids: string[] = [];
        try {
          tids = readdirSync(`/proc/${pid}/task`);
        } catch {
          continue;
        }
        for (const tid of tids) {
          const key = `${pid}/${tid}`;
          const ms = cpuMs(pid, tid);
          if (ms === null) continue;
          cpu.set(key, ms);
          if (!this.names.has(key)) this.names.set(key, (read(`/proc/${pid}/task/${tid}/comm`) ?? '?').trim() + (tid === String(pid) ? ' (main)' : ''));
        }
      }
      this.samples.push({ at: Date.now(), cpu });
    };
    poll();
    this.timer = setInterval(poll, POLL_MS);
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  private at(t: number): Sample | undefined {
    let best: Sample | undefined;
    for (const s of this.samples) if (s.at <= t) best = s;
    return best ?? this.samples[0];
  }

  /** CPU ms of each thread that used at least `minMs` between epoch times `from` and `to`, most first. */
  between(from: number, to: number, minMs = 30): [string, number][] {
    const a = this.at(from);
    const b = this.at(to);
    if (!a || !b) return [];
    const out: [string, number][] = [];
    for (const [key, ms] of b.cpu) {
      const d = ms - (a.cpu.get(key) ?? 0);
      if (d >= minMs) out.push([`${this.names.get(key) ?? key} ${key}`, d]);
    }
    return out.sort((x, y) => y[1] - x[1]);
  }
}
