// Which issue or PR `comment_on: auto` means, read from the triggering event's payload.
import type { CommentOn } from './inputs.js';

export interface EventPayload {
  issue?: { number?: number };
  pull_request?: { number?: number };
  number?: number;
  head_commit?: { message?: string } | null;
  [key: string]: unknown;
}

export interface CommentTarget {
  number: number;
  /** Where the number came from, for the log. */
  from: string;
}

/**
 * Issue and PR events carry the number; a push does not, so the head commit message's first
 * `#N` reference ("Add SEL dump, refs #12") names the incident's issue.
 */
export function commentTarget(commentOn: CommentOn, eventName: string, payload: EventPayload): CommentTarget | undefined {
  if (commentOn.kind === 'none') return undefined;
  if (commentOn.kind === 'number') return { number: commentOn.number, from: 'input comment_on' };
  if (payload.issue?.number) return { number: payload.issue.number, from: `${eventName} event's issue` };
  if (payload.pull_request?.number) return { number: payload.pull_request.number, from: `${eventName} event's pull request` };
  if (typeof payload.number === 'number') return { number: payload.number, from: `${eventName} event` };
  const reference = /(?:^|[\s(])#(\d+)\b/.exec(payload.head_commit?.message ?? '')?.[1];
  if (reference) return { number: Number(reference), from: `#${reference} in the head commit message` };
  return undefined;
}

export function parseRepository(value: string | undefined): { owner: string; repo: string } | undefined {
  const match = /^([\w.-]+)\/([\w.-]+)$/.exec(value ?? '');
  return match ? { owner: match[1]!, repo: match[2]! } : undefined;
}
