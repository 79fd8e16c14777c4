// From an issue's texts to engine inputs: find the candidates, decide which may be read, fetch
// them within the caps, and keep an outcome for every one so the comment can account for all.
import { createHash } from 'node:crypto';
import { sourceFromBytes, sourceFromText, type InputSource } from '../src/ingest/source.js';
import type { InputReport } from '../src/report/types.js';
import type { BotConfig } from './config.js';
import type { Outcome } from './compose.js';
import { download, readStreamCapped, type DownloadResult } from './download.js';
import { extractCandidates, type Candidate, type Origin, type RepoRef } from './inputs.js';

export interface IssueText {
  origin: Origin;
  body: string;
  /** False when the author is neither the issue author nor a collaborator (see `inputs.trust`). */
  trusted: boolean;
}

export interface ContentsClient {
  request: (route: string, params: Record<string, unknown>) => Promise<{ data: unknown; headers: Record<string, string | number | undefined> }>;
}

export interface FetchContext {
  repo: RepoRef;
  config: BotConfig;
  allowlist: readonly string[];
  contents: ContentsClient;
  /** Extra headers for a download hop (the installation token for the GitHub web host). */
  headersFor?: (url: URL) => Record<string, string>;
}

export interface Collected {
  sources: InputSource[];
  outcomes: Outcome[];
  /** Outcomes of `sources`, by source name, to be completed from the engine's input report. */
  pending: Map<string, Outcome>;
}

const KIND: Record<Candidate['kind'], Outcome['kind']> = { pasted: 'pasted', attachment: 'attachment', blob: 'repository file', ignored: 'link' };

export function gather(texts: IssueText[], repo: RepoRef, webHosts: readonly string[]): { trusted: Candidate[]; untrusted: Candidate[] } {
  const trusted: Candidate[] = [];
  const untrusted: Candidate[] = [];
  const seenUrls = new Set<string>();
  for (const text of texts) {
    for (const candidate of extractCandidates(text.body, text.origin, repo, webHosts)) {
      if (candidate.kind !== 'pasted') {
        // The same attachment linked twice (body and a comment quoting it) is one input.
        if (seenUrls.has(candidate.url)) continue;
        seenUrls.add(candidate.url);
      }
      (text.trusted ? trusted : untrusted).push(candidate);
    }
  }
  return { trusted, untrusted };
}

/** Changes whenever anything that could change the comment changes. */
export function inputsHash(candidates: Candidate[], settings: unknown): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(settings));
  for (const c of candidates) {
    hash.update(`\0${c.kind}\0${c.name}\0`);
    hash.update(c.kind === 'pasted' ? c.text : c.url);
  }
  return hash.digest('hex');
}

function uniqueName(name: string, used: Set<string>): string {
  let candidate = name;
  for (let n = 2; used.has(candidate); n++) candidate = `${name} (${n})`;
  used.add(candidate);
  return candidate;
}

async function readCapped(stream: unknown, maxBytes: number): Promise<Uint8Array | undefined> {
  if (typeof stream === 'string') return new TextEncoder().encode(stream);
  if (stream instanceof ArrayBuffer) return new Uint8Array(stream);
  if (!stream || typeof (stream as ReadableStream).getReader !== 'function') return new Uint8Array();
  return readStreamCapped(stream as ReadableStream<Uint8Array>, maxBytes);
}

type Blob = Extract<Candidate, { kind: 'blob' }>;

/**
 * Which segments of `blob/<ref>/<path>` are the ref. A branch or tag may hold `/`
 * (`release/2024.03`), so the link alone cannot say: ask for the refs that start with the first
 * segment and take the longest one the link begins with, as GitHub's own pages do. A commit SHA
 * (7–40 hex digits) is a ref of one segment.
 */
export async function resolveBlobRef(ctx: FetchContext, c: Blob): Promise<{ ref: string; path: string }> {
  const [first, ...rest] = c.refAndPath;
  const naive = { ref: first!, path: rest.join('/') };
  if (rest.length < 2 || /^[0-9a-f]{7,40}$/i.test(first!)) return naive;
  let best: string[] = [first!];
  for (const namespace of ['heads', 'tags']) {
    const response = await ctx.contents.request('GET /repos/{owner}/{repo}/git/matching-refs/{ref}', { owner: c.owner, repo: c.repo, ref: `${namespace}/${first}` });
    for (const row of (response.data as { ref?: string }[] | undefined) ?? []) {
      const segments = (row.ref ?? '').split('/').slice(2);
      const matches = segments.length < c.refAndPath.length && segments.every((s, i) => s === c.refAndPath[i]);
      if (matches && segments.length > best.length) best = segments;
    }
  }
  return { ref: best.join('/'), path: c.refAndPath.slice(best.length).join('/') };
}

async function fetchBlob(ctx: FetchContext, c: Blob, maxBytes: number): Promise<DownloadResult & { path?: string }> {
  let ref = c.ref;
  try {
    const resolved = await resolveBlobRef(ctx, c);
    ref = resolved.ref;
    c = { ...c, ref, path: resolved.path, name: resolved.path };
    const response = await ctx.contents.request('GET /repos/{owner}/{repo}/contents/{path}', {
      owner: c.owner,
      repo: c.repo,
      path: c.path,
      ref: c.ref,
      mediaType: { format: 'raw' },
      request: { parseSuccessResponseBody: false, signal: AbortSignal.timeout(ctx.config.limits.timeoutSeconds * 1000) },
    });
    if (String(response.headers['content-type'] ?? '').includes('application/json')) {
      await (response.data as ReadableStream | undefined)?.cancel?.();
      return { ok: false, reason: 'a folder or submodule, not a file' };
    }
    const bytes = await readCapped(response.data, maxBytes);
    if (!bytes) return { ok: false, reason: `more than the cap of ${maxBytes} bytes` };
    return { ok: true, bytes, finalUrl: c.url, path: c.path };
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 404) return { ok: false, status, denied: true, reason: `not found at ${ref} (HTTP 404)` };
    return { ok: false, status, reason: `contents API: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export async function collect(trusted: Candidate[], untrusted: Candidate[], ctx: FetchContext): Promise<Collected> {
  const { limits } = ctx.config;
  const sources: InputSource[] = [];
  const outcomes: Outcome[] = [];
  const pending = new Map<string, Outcome>();
  const used = new Set<string>();
  let downloads = 0;
  let issueBytes = 0;

  const record = (c: Candidate, status: Outcome['status'], detail: string, name = c.name): Outcome => {
    const outcome: Outcome = { name, origin: c.origin.where, kind: KIND[c.kind], status, detail };
    outcomes.push(outcome);
    return outcome;
  };
  const addSource = (c: Candidate, bytes: Uint8Array) => {
    const name = uniqueName(c.name, used);
    sources.push(sourceFromBytes(name, bytes));
    pending.set(name, record(c, 'analysed', '', name));
  };

  for (const c of trusted) {
    if (c.kind === 'ignored') {
      record(c, 'skipped', c.reason);
      continue;
    }
    if (c.kind === 'pasted') {
      const name = uniqueName(c.name, used);
      sources.push(sourceFromText(name, c.text));
      pending.set(name, record(c, 'analysed', '', name));
      continue;
    }
    if (downloads >= limits.maxDownloads) {
      record(c, 'skipped', `not fetched: the per-issue limit of ${limits.maxDownloads} downloads was reached`);
      continue;
    }
    const remaining = limits.maxIssueBytes - issueBytes;
    if (remaining <= 0) {
      record(c, 'skipped', `not fetched: the per-issue cap of ${limits.maxIssueBytes} bytes was reached`);
      continue;
    }
    const cap = Math.min(limits.maxFileBytes, remaining);
    downloads++;
    const result =
      c.kind === 'blob'
        ? await fetchBlob(ctx, c, cap)
        : await download(c.url, ctx.allowlist, { maxBytes: cap, timeoutMs: limits.timeoutSeconds * 1000 }, c.otherRepository ? undefined : ctx.headersFor);
    if (!result.ok) {
      const capNote = cap < limits.maxFileBytes && /cap/.test(result.reason) ? ` (what is left of the per-issue cap of ${limits.maxIssueBytes} bytes)` : '';
      const foreign = c.kind === 'attachment' && c.otherRepository ? ` (an attachment of ${c.otherRepository}, fetched without the app's token)` : '';
      record(c, 'not downloaded', `${result.reason}${capNote}${foreign}`);
      continue;
    }
    issueBytes += result.bytes.byteLength;
    // A blob is named by its path, which is known only once its ref is.
    const path: string | undefined = (result as { path?: string }).path;
    addSource(path !== undefined ? { ...c, name: path } : c, result.bytes);
  }
  for (const c of untrusted) {
    record(c, 'skipped', 'posted by someone who is neither the issue author nor a collaborator (`inputs.trust` in .github/ktriage.yml)');
  }
  return { sources, outcomes, pending };
}

/** Fills in analysed outcomes from the engine's own account of each input. */
export function completeOutcomes(collected: Collected, inputs: InputReport[]): void {
  for (const [name, outcome] of collected.pending) {
    // An archive's members are reported as `archive.zip:path`, nested ones under their parent.
    const own = inputs.filter((input) => input.name === name || input.name.startsWith(`${name}:`));
    if (own.length === 0) {
      outcome.detail = 'read';
      continue;
    }
    const skipped = own.filter((input) => input.skipped);
    if (skipped.length === own.length) {
      outcome.status = 'skipped';
      outcome.detail = skipped.map((input) => input.skipped).join('; ');
      continue;
    }
    const kinds = [...new Set(own.flatMap((input) => input.kinds))].filter((k) => k !== 'markdown');
    const lines = own.reduce((sum, input) => sum + input.lines, 0);
    // Limits reached (a bomb stopped, an archive cut short) matter more than parse warnings.
    const warnings = own
      .flatMap((input) => input.warnings)
      .sort((a, b) => Number(/stopped|bomb|limit/.test(b)) - Number(/stopped|bomb|limit/.test(a)))
      .slice(0, 2);
    outcome.detail = [`${kinds.join(', ') || 'unknown'}, ${lines} line${lines === 1 ? '' : 's'}`, ...skipped.map((i) => `${i.name}: ${i.skipped}`).slice(0, 2), ...warnings].join('; ');
  }
}
