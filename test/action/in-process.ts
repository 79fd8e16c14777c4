// The runner in-process with the runner's files in a fresh temporary folder and the inputs as
// INPUT_* variables: what dist/index.js does, on the sources (so a test needs no rebuilt bundle).
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import { createOctokit } from '../../src/action/octokit.js';
import { run } from '../../src/action/runner.js';
import type { Report } from '../../src/report/types.js';
import { parseOutputs } from './harness.js';

export async function runInProcess(inputs: Record<string, string>, workspace: string) {
  const temp = await mkdtemp(join(tmpdir(), 'ktriage-run-'));
  const env: Record<string, string> = { GITHUB_OUTPUT: join(temp, 'output'), GITHUB_STEP_SUMMARY: join(temp, 'summary'), RUNNER_TEMP: temp };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  await writeFile(env['GITHUB_OUTPUT']!, '');
  await writeFile(env['GITHUB_STEP_SUMMARY']!, '');
  const log = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  let stdout = '';
  try {
    await run({ env: process.env, workspace, createOctokit });
  } finally {
    stdout = log.mock.calls.map(([text]) => String(text)).join('');
    log.mockRestore();
  }
  const outputs = parseOutputs(await readFile(env['GITHUB_OUTPUT']!, 'utf8'));
  const report = outputs['report_json'] ? (JSON.parse(await readFile(outputs['report_json'], 'utf8')) as Report) : undefined;
  // (The job summary is not checked here: @actions/core keeps the first summary path it saw.)
  return { stdout, outputs, report, failed: process.exitCode === 1 };
}
