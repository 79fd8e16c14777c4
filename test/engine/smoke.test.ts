import { describe, expect, it } from 'vitest';
import { analyze, sourceFromText } from '../../src/index.js';

describe('engine skeleton', () => {
  it('accounts for every input, even one it does not understand', async () => {
    const report = await analyze([sourceFromText('notes.txt', 'hello\nworld\n'), sourceFromText('empty.log', '')]);
    expect(report.inputs.map((i) => i.name)).toEqual(['notes.txt', 'empty.log']);
    expect(report.inputs[0]!.unparsedLines).toBe(2);
    expect(report.inputs[1]!.skipped).toBe('empty input');
  });

  it('infers the host UTC offset from a syslog line that embeds a UTC timestamp', async () => {
    const line = 'Jul  4 03:15:02 db-7 containerd[811]: time="2023-07-04T07:15:02.118Z" level=info msg="x"\n';
    const report = await analyze([sourceFromText('messages', line)]);
    expect(report.clocks.hostUtcOffset.value).toBe('-04:00');
    expect(report.clocks.hostUtcOffset.evidence[0]!.line).toBe(1);
  });
});
