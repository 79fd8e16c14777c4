import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CAUSE_TABLE, classifyCause } from '../../src/analyze/causes.js';
import { isSeriousHardwareEvent } from '../../src/analyze/hardware.js';
import { analyze, sourceFromText } from '../../src/index.js';
import type { ReportEvent } from '../../src/report/types.js';

const fixture = (name: string) => new URL(`../fixtures/kernel/${name}`, import.meta.url).pathname;
const sel = (sensorType: string, description: string, extra: Partial<ReportEvent> = {}): ReportEvent => ({ kind: 'sel', sensorType, description, direction: 'asserted', source: { input: 's', line: 1 }, ...extra });

describe('the cause table', () => {
  it('gives every row a rank, what it covers and a citation', () => {
    for (const row of CAUSE_TABLE) {
      expect(row.rank, row.name).toBeGreaterThanOrEqual(1);
      expect(row.covers.length, row.name).toBeGreaterThan(20);
      expect(row.cite, row.name).toMatch(/IPMI v2\.0|\.c\b/);
      expect(row.sel ?? row.kernel ?? row.text, row.name).toBeDefined();
    }
  });

  it.each([
    // [sensor type as ipmitool prints it, description, class] — offsets of IPMI v2.0 tables 42-2/42-3
    ['Memory', 'Uncorrectable ECC', 'memory-uncorrectable'],
    ['Memory', 'Transition to Non-recoverable', 'memory-uncorrectable'],
    ['Memory', 'Correctable ECC logging limit reached', 'memory-uncorrectable'],
    ['Memory', 'Correctable ECC', 'memory-degraded'],
    ['Memory', 'Transition to Critical from less severe', 'memory-degraded'],
    ['Processor', 'IERR', 'processor-fatal'],
    ['Processor', 'Thermal Trip', 'processor-fatal'],
    ['Processor', 'Uncorrectable machine check exception', 'processor-fatal'],
    ['Processor', 'Correctable machine check error', 'processor-degraded'],
    ['Critical Interrupt', 'Bus Fatal Error', 'pcie-fatal'],
    ['Critical Interrupt', 'PCI SERR', 'pcie-fatal'],
    ['Power Supply', 'Power Supply AC lost', 'power-loss'],
    ['Power Unit', 'AC lost', 'power-loss'],
    ['System Event', 'Undetermined system hardware failure', 'system-hardware-failure'],
    ['Chassis', 'Transition to Critical from less severe', 'chassis-rollup'],
    ['System Boot Initiated', 'Initiated by warm reset', 'restart'],
    ['System ACPI Power State', 'S4/S5: soft-off', 'restart'],
    ['Watchdog2', 'Hard reset', 'watchdog'],
    ['OS Critical Stop', 'Run-time critical stop', 'os-stop'],
    ['Power Unit', 'Redundancy Lost', 'redundancy'],
  ])('%s "%s" is %s', (sensorType, description, name) => {
    expect(classifyCause(sel(sensorType, description))?.name).toBe(name);
  });

  it('reads an OEM CATERR sensor on the State table as a processor failure, and vendor wording where no offset is known', () => {
    expect(classifyCause(sel('Processor', 'State Asserted', { sensorName: 'CPU0_CATERR' }))?.name).toBe('processor-fatal');
    expect(classifyCause(sel('Unknown', 'Multi-bit memory errors detected on a memory device at location(s) DIMM_B2.'))?.name).toBe('memory-uncorrectable');
  });

  it('treats an ECC storm as serious although FreeIPMI calls its offset a warning', () => {
    expect(isSeriousHardwareEvent(sel('Memory', 'Correctable ECC logging limit reached', { severity: 'warning', dimm: { label: 'DIMM_A1', method: 'sensor-name' } }))).toBe(true);
    expect(isSeriousHardwareEvent(sel('Memory', 'Correctable ECC', { severity: 'warning' }))).toBe(false);
  });
});

describe("the kernel's own hardware evidence", () => {
  const report = async (name: string) => analyze([sourceFromText(name, readFileSync(fixture(name), 'utf8'))]);

  it('names the machine check and its bank, not a software crash, when the kernel panics on it', async () => {
    const r = await report('x86-mce-fatal-panic.log');
    expect(r.verdict.rootCause).toBe('hardware-memory');
    expect(r.verdict.summary).toMatch(/the kernel logged a machine check .*\(CPU 22, socket 1, bank 13\)/);
    expect(r.verdict.summary).toContain('the panic "Fatal machine check" (the same second), which states a fatal machine check without naming the bank or DIMM');
  });

  it('calls a machine-check panic with its records cut off a processor fault, never a software crash', async () => {
    const r = await report('x86-mce-panic-only.log');
    expect(r.verdict.rootCause).toBe('hardware-cpu');
    expect(r.verdict.summary).toContain('"Fatal machine check"');
  });

  it('lines kernel records up with a lockup on the console uptime and names the DIMM', async () => {
    const r = await report('hardware-and-panics.log');
    expect(r.verdict.rootCause).toBe('hardware-memory');
    expect(r.verdict.summary).toMatch(/DIMM (CPU_SrcID#1_MC#1_Chan#0_DIMM#1|CPU1_DIMM_D1 Bank 3)/);
    expect(r.verdict.summary).toContain('before the soft-lockup');
  });
});
