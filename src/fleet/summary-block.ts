// The incident summary carried inside a report comment (issue #15 item 3), so a later analysis can
// find and read earlier incidents without any store of its own. Two HTML comments, first in the
// report (GitHub renders neither, both survive every update of the comment):
//
//   <!-- ktriage:summary v1 {"summaryVersion":1,…} -->
//   <!-- ktriage:keys ktriagesummary kthabcd… ktpabcd… ktsabcd… -->
//
// The JSON is one line. An HTML comment ends at the first `-->` (and `--!>`), and the HTML spec
// forbids `--` inside one at all, so `--` becomes `-\u002d` and `<` `>` become `\u003c` `\u003e`:
// JSON.parse reads them back as the same characters, and no input text (a DIMM label as printed,
// a host name) can close the comment and put Markdown of its own on the page.
//
// The keys line is for GitHub's issue search, which cannot search for the summary's keys as they
// are: it drops punctuation (`. , : ; / \ ' " = * ! ? # $ & + ^ | ~ < > ( ) { } [ ]`, GitHub's
// "Understanding the search syntax" and "Searching code" pages) and, like Elasticsearch's
// word-delimiter filters, may split a word where letters meet digits. A key is therefore hashed
// (SHA-256, first 64 bits) and spelt in the letters a–p only: one lower-case word no tokenizer
// splits. Matching is decided on the JSON afterwards, so a hash collision can only cost a read.
import { createHash } from 'node:crypto';
import type { IncidentSummary } from '../report/types.js';
import { hostKey } from '../report/summary.js';
import { savedSummary } from './saved-summary.js';

export const SUMMARY_BLOCK_VERSION = 1;
/** On every report comment that carries a summary: lists all of them. */
export const SUMMARY_TOKEN = 'ktriagesummary';

/** The whole block stays small: a comment is capped at 65,536 characters and the block is never trimmed. */
export const MAX_BLOCK_CHARS = 6000;
const MAX_PARTS = 24;
const MAX_STRING = 200;

const BLOCK = /<!-- ktriage:summary v1 (\{[^\n]*?\}) -->/;

export type TokenKind = 'host' | 'part' | 'signature';
const TOKEN_LETTER: Record<TokenKind, string> = { host: 'h', part: 'p', signature: 's' };

/** The search word for one key: `kt` + kind letter + 16 letters a–p (the hash's hex digits shifted). */
export function searchToken(kind: TokenKind, key: string): string {
  const hex = createHash('sha256').update(`${kind}\u0000${key}`).digest('hex').slice(0, 16);
  return `kt${TOKEN_LETTER[kind]}${hex.replace(/[0-9a-f]/g, (d) => String.fromCharCode(97 + parseInt(d, 16)))}`;
}

/** The keys a later incident is matched on, each with its search word: host, then parts, then signature. */
export function matchKeys(summary: IncidentSummary): { kind: TokenKind; key: string; token: string }[] {
  const keys: { kind: TokenKind; key: string }[] = [];
  if (summary.hostname) keys.push({ kind: 'host', key: hostKey(summary.hostname) });
  // A part of an unknown host (`?|…`) says nothing about which box: not worth a search.
  for (const part of summary.parts) if (!part.key.startsWith('?|')) keys.push({ kind: 'part', key: part.key });
  if (summary.signature) keys.push({ kind: 'signature', key: summary.signature });
  return keys.map((k) => ({ ...k, token: searchToken(k.kind, k.key) }));
}

const clip = (value: string | null): string | null => (value === null ? null : value.slice(0, MAX_STRING));

/** The summary with every string and the part list cut to size, so the block is bounded whatever the inputs printed. */
function bounded(summary: IncidentSummary, maxParts: number): IncidentSummary {
  return {
    ...summary,
    hostname: clip(summary.hostname),
    kernelRelease: clip(summary.kernelRelease),
    incidentUtc: clip(summary.incidentUtc),
    signature: clip(summary.signature),
    parts: summary.parts.slice(0, maxParts).map((p) => ({ type: p.type, key: p.key.slice(0, MAX_STRING), label: p.label.slice(0, MAX_STRING) })),
  };
}

/** JSON that cannot end an HTML comment: no `--`, `<` or `>` left in it. */
export function commentSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/--/g, '-\\u002d')
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e');
}

/** The two hidden lines for a report comment. */
export function encodeSummaryBlock(summary: IncidentSummary): string[] {
  let parts = Math.min(summary.parts.length, MAX_PARTS);
  let json = commentSafeJson(bounded(summary, parts));
  while (json.length > MAX_BLOCK_CHARS && parts > 0) json = commentSafeJson(bounded(summary, --parts));
  const tokens = [SUMMARY_TOKEN, ...new Set(matchKeys(bounded(summary, parts)).map((k) => k.token))];
  return [`<!-- ktriage:summary v${SUMMARY_BLOCK_VERSION} ${json} -->`, `<!-- ktriage:keys ${tokens.join(' ')} -->`];
}

/** The summary in a comment body, or undefined when there is none or it is not one this version can read (checked as a saved summary is: never half-read). */
export function decodeSummaryBlock(body: string | null | undefined): IncidentSummary | undefined {
  const json = body?.match(BLOCK)?.[1];
  if (!json || json.length > MAX_BLOCK_CHARS) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  const read = savedSummary(value);
  return 'summary' in read ? read.summary : undefined;
}
