// The Action's inputs, read and checked in one place. Names use underscores: the runner turns
// an input `x-y` into the variable `INPUT_X-Y`, which a shell cannot export.
import { OUTPUT_FORMATS, type OutputFormat } from '../render/index.js';

export type FailOn = 'never' | 'finding' | 'hardware';
export const FAIL_ON: readonly FailOn[] = ['never', 'finding', 'hardware'];

/** `auto`: the issue or PR of the triggering event; a number: that issue or PR. */
export type CommentOn = { kind: 'none' } | { kind: 'auto' } | { kind: 'number'; number: number };

export interface ActionInputs {
  /** Glob patterns; empty means the default artifact patterns over the workspace. */
  patterns: string[];
  hostUtcOffset?: string;
  bmcUtcOffset?: string;
  /** IANA zones (`Asia/Shanghai`): each time is converted with the offset in force at it. */
  hostTz?: string;
  bmcTz?: string;
  format: OutputFormat;
  commentOn: CommentOn;
  /** Only comments by this login count as ours; `*` accepts any author. */
  commentAuthor: string;
  /** Distinguishes several sticky reports on one issue (one per incident folder, say). */
  commentKey: string;
  githubToken: string;
  failOn: FailOn;
  outputDir?: string;
  /** A JSON Lines history of incident summaries in the workspace (see ./history.ts). */
  history?: string;
}

export class InputError extends Error {}

/** Splits a multi-line or comma-separated list; `#` starts a comment line. */
export function splitList(value: string): string[] {
  return value
    .split(/\r?\n|,/)
    .map((item) => item.trim())
    .filter((item) => item.length > 0 && !item.startsWith('#'));
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[], fallback: T): T {
  const chosen = (value.trim() || fallback).toLowerCase();
  if (!(allowed as readonly string[]).includes(chosen)) throw new InputError(`input ${name} must be one of ${allowed.join(', ')}; got "${value}"`);
  return chosen as T;
}

function commentOn(value: string): CommentOn {
  const text = value.trim().toLowerCase();
  if (text === '' || text === 'false' || text === 'none') return { kind: 'none' };
  if (text === 'auto') return { kind: 'auto' };
  const number = /^#?(\d+)$/.exec(text)?.[1];
  if (number && Number(number) > 0) return { kind: 'number', number: Number(number) };
  throw new InputError(`input comment_on must be an issue or PR number, "auto" or empty; got "${value}"`);
}

export function readInputs(getInput: (name: string) => string): ActionInputs {
  const key = getInput('comment_key').trim();
  if (key && !/^[\w.:/-]+$/.test(key)) throw new InputError(`input comment_key may hold letters, digits and . _ : / - only; got "${key}"`);
  return {
    patterns: splitList(getInput('paths')),
    hostUtcOffset: getInput('host_utc_offset').trim() || undefined,
    bmcUtcOffset: getInput('bmc_utc_offset').trim() || undefined,
    hostTz: getInput('host_tz').trim() || undefined,
    bmcTz: getInput('bmc_tz').trim() || undefined,
    format: oneOf('format', getInput('format'), OUTPUT_FORMATS, 'markdown'),
    commentOn: commentOn(getInput('comment_on')),
    commentAuthor: getInput('comment_author').trim() || 'github-actions[bot]',
    commentKey: key,
    githubToken: getInput('github_token').trim(),
    failOn: oneOf('fail_on', getInput('fail_on'), FAIL_ON, 'never'),
    outputDir: getInput('output_dir').trim() || undefined,
    history: getInput('history').trim() || undefined,
  };
}

export function markerFor(key: string): string {
  return key ? `<!-- ktriage:report ${key} -->` : '<!-- ktriage:report -->';
}

/**
 * The engine's messages name the CLI's clock flags (`pass --host-utc-offset`); in the Action
 * the same settings are inputs. One row per flag the engine can name.
 */
const FLAG_INPUTS: Record<string, string> = {
  '--host-utc-offset': 'host_utc_offset',
  '--bmc-utc-offset': 'bmc_utc_offset',
  '--host-tz': 'host_tz',
  '--bmc-tz': 'bmc_tz',
};

/** A message from the engine, with each CLI flag it names said as the Action's input. */
export function asInputNames(text: string): string {
  return text.replace(/--(?:host|bmc)-(?:utc-offset|tz)\b/g, (flag) => (FLAG_INPUTS[flag] ? `input ${FLAG_INPUTS[flag]}` : flag));
}
