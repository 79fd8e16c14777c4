import { describe, expect, it } from 'vitest';
import { deglue, looksGlued } from '../../../src/parse/kernel/deglue.js';
import { eventsOf } from './helpers.js';

describe('pstore/ERST records with glued level and continuation markers', () => {
  it('splits records and drops markers', () => {
    expect(looksGlued('cpu 3dModules linked in:c binfmt_miscc')).toBe(true);
    expect(deglue('cpu 3dModules linked in:c binfmt_miscc')).toEqual(['cpu 3', 'Modules linked in: binfmt_misc']);
    expect(deglue('4WARNING: CPU: 0 PID: 75 at mm/page_alloc.c:4453 __alloc_pages+0x1b2/0x2f0')).toEqual(['WARNING: CPU: 0 PID: 75 at mm/page_alloc.c:4453 __alloc_pages+0x1b2/0x2f0']);
    expect(looksGlued('Modules linked in: binfmt_misc')).toBe(false);
  });

  it('a glued x86 warning still yields its CPU, task and title', async () => {
    const log = [
      '6dvkm: [+] calculated size: 776200999',
      '------------[ cut here ]------------',
      '4WARNING: CPU: 0 PID: 75 at mm/page_alloc.c:4453 __alloc_pages+0x1b2/0x2f0',
      'Modules linked in:c dvkm(O)c',
      'CPU: 0 PID: 75 Comm: fuzz_dvkm Tainted: G           O       6.5.0-00004-g6521682f674d #6',
      'RIP: 0010:__alloc_pages+0x1b2/0x2f0',
      'Call Trace:',
      ' <TASK>',
      ' __kmalloc_large_node+0x7c/0x130',
      ' dvkm_ioctl+0x2d1/0x5a0 [dvkm]',
      ' __x64_sys_ioctl+0x94/0xd0',
      ' do_syscall_64+0x3b/0x90',
      '',
    ].join('\n');
    const events = await eventsOf(log);
    const warning = events.find((e) => e.kind === 'warning')!;
    expect(warning).toMatchObject({ cpu: 0, pid: 75, comm: 'fuzz_dvkm', pc: '__alloc_pages+0x1b2/0x2f0', title: 'WARNING in dvkm_ioctl' });
  });
});
