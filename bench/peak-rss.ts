import { readFileSync } from 'node:fs';

/**
 * This process's peak resident memory in MB: the high-water mark of its own address space
 * (VmHWM). Not getrusage's maxRSS: Linux carries that across fork and exec, so a bench child
 * spawned by a big parent reported the parent's peak as its own.
 */
export function peakRssMb(): number {
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return Math.round((hwm ? Number(hwm[1]) : process.resourceUsage().maxRSS) / 1024);
}
