// CPU range lists as the kernel prints them with %*pbl: `0-3,8,10-11`.
export function parseCpuList(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(/[,\s]+/)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) continue;
    const from = Number(m[1]);
    const to = m[2] !== undefined ? Number(m[2]) : from;
    // A garbled range must not make us allocate millions of CPUs.
    for (let cpu = from; cpu <= to && cpu - from < 4096; cpu++) out.push(cpu);
  }
  return out;
}
