// What an issue offers as evidence: pasted fenced blocks, attachment links, links to files in
// the same repository, and links the app will not follow (with the reason, so the comment can
// account for every one of them). Pure text processing: nothing here touches the network.

export interface Origin {
  /** `issue body` or `comment <id>`. */
  where: string;
  author: string;
}

export type Candidate =
  | { kind: 'pasted'; name: string; text: string; origin: Origin }
  | { kind: 'attachment'; name: string; url: string; origin: Origin; /** `owner/repo` of a legacy attachment link naming another repository. */ otherRepository?: string }
  | {
      kind: 'blob';
      name: string;
      url: string;
      owner: string;
      repo: string;
      /** The first segment after `blob/`, and the rest: right unless the branch name holds a `/` (collect.ts asks). */
      ref: string;
      path: string;
      /** Every segment after `blob/`, decoded, for resolving a ref with `/` in it. */
      refAndPath: string[];
      origin: Origin;
    }
  | { kind: 'ignored'; name: string; url: string; reason: string; origin: Origin };

export interface RepoRef {
  owner: string;
  repo: string;
}

/** Extensions that make a link on another host look like evidence worth reporting as not fetched. */
const EVIDENCE_EXTENSION = /\.(log|txt|out|gz|tgz|zip|tar|csv|tsv|json|sel|dmesg)$/i;

/** Line shapes that mark unfenced text as a pasted log (console, syslog, SEL list). */
const LOG_LINE = [/^\s*<\d>\s*\[\s*\d+\.\d+\]/, /^\s*\[\s*\d+\.\d+\]\s/, /^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \S+ /, /^\s*[0-9a-fA-F]{1,4} \| \d\d\/\d\d\/\d{2,4} \| /];
const MIN_UNFENCED_LOG_LINES = 3;

interface Block {
  info: string;
  text: string;
  /** The last non-empty line before the fence, e.g. an issue form's `### Console log` heading. */
  label: string;
}

/** Splits Markdown into fenced blocks and the prose around them (CommonMark fence rules, simplified). */
export function splitFences(markdown: string): { blocks: Block[]; prose: string[] } {
  const lines = markdown.split(/\r?\n/);
  const blocks: Block[] = [];
  const prose: string[] = [];
  let open: { char: string; length: number; info: string; body: string[]; label: string } | undefined;
  let lastProse = '';
  for (const line of lines) {
    const fence = /^ {0,3}(`{3,}|~{3,})\s*([^`]*)$/.exec(line);
    if (open) {
      if (fence && fence[1]![0] === open.char && fence[1]!.length >= open.length && fence[2]!.trim() === '') {
        blocks.push({ info: open.info, text: open.body.join('\n'), label: open.label });
        open = undefined;
      } else open.body.push(line);
      continue;
    }
    if (fence) {
      open = { char: fence[1]![0]!, length: fence[1]!.length, info: fence[2]!.trim().split(/\s+/)[0] ?? '', body: [], label: lastProse };
      continue;
    }
    prose.push(line);
    if (line.trim()) lastProse = line.trim();
  }
  // An unclosed fence runs to the end of the text (as GitHub renders it).
  if (open) blocks.push({ info: open.info, text: open.body.join('\n'), label: open.label });
  return { blocks, prose };
}

function cleanLabel(label: string): string {
  return label
    .replace(/^#+\s*/, '')
    .replace(/\*\*|__|[`<>[\]]/g, '')
    .replace(/:$/, '')
    .trim()
    .slice(0, 60);
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

function fileNameFromUrl(url: URL): string {
  return safeDecode(url.pathname.split('/').filter(Boolean).pop() ?? url.hostname);
}

function sameRepo(parts: string[], repo: RepoRef): boolean {
  return parts[0]?.toLowerCase() === repo.owner.toLowerCase() && parts[1]?.toLowerCase() === repo.repo.toLowerCase();
}

function classify(raw: string, text: string | undefined, origin: Origin, repo: RepoRef, webHosts: readonly string[]): Candidate | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  const name = text && text.trim() && !/^https?:/.test(text.trim()) ? text.trim().slice(0, 120) : fileNameFromUrl(url);
  const onGitHub = webHosts.includes(url.host.toLowerCase());
  const parts = url.pathname.split('/').filter(Boolean);
  if (onGitHub) {
    const isAttachment = (parts[0] === 'user-attachments' && parts[1] === 'files' && parts.length >= 4) || (parts[2] === 'files' && parts.length >= 5);
    const isImage = (parts[0] === 'user-attachments' && parts[1] === 'assets') || (parts[2] === 'assets' && parts.length >= 4);
    const isBlob = parts[2] === 'blob' && parts.length >= 5;
    if (!isAttachment && !isImage && !isBlob) return undefined;
    if (url.protocol !== 'https:') return { kind: 'ignored', name, url: raw, reason: 'not an https link, so not fetched', origin };
    if (isImage) return { kind: 'ignored', name, url: raw, reason: 'an image; ktriage reads text logs', origin };
    if (isAttachment) {
      // A legacy attachment of another repository: the installation token may read that
      // repository too, and must not fetch for this issue what its readers cannot see.
      const foreign = parts[0] !== 'user-attachments' && !sameRepo(parts, repo);
      return { kind: 'attachment', name, url: url.href, origin, ...(foreign ? { otherRepository: `${parts[0]}/${parts[1]}` } : {}) };
    }
    const [owner, repoName, , ref, ...path] = parts;
    if (!sameRepo(parts, repo)) {
      return { kind: 'ignored', name, url: raw, reason: `a file in another repository (${owner}/${repoName}); the app reads only this repository`, origin };
    }
    const decoded = path.map((p) => safeDecode(p)).join('/');
    return { kind: 'blob', name: decoded, url: url.href, owner: owner!, repo: repoName!, ref: safeDecode(ref!), path: decoded, refAndPath: [ref!, ...path].map((p) => safeDecode(p)), origin };
  }
  if (!EVIDENCE_EXTENSION.test(url.pathname)) return undefined;
  return { kind: 'ignored', name, url: raw, reason: `${url.host} is not on the allowlist of GitHub hosts, so it was not fetched`, origin };
}

const MARKDOWN_LINK = /!?\[([^\]]{0,200})\]\((https?:\/\/[^)\s]+)\)/g;
const BARE_URL = /https?:\/\/[^\s)<>"'\]]+/g;
const HTML_SRC = /(?:src|href)="(https?:\/\/[^"]+)"/g;

/** Every candidate input in one Markdown text (issue body or comment), in reading order. */
export function extractCandidates(markdown: string, origin: Origin, repo: RepoRef, webHosts: readonly string[]): Candidate[] {
  const { blocks, prose } = splitFences(markdown);
  const out: Candidate[] = [];
  blocks.forEach((block, index) => {
    if (block.info.toLowerCase() === 'mermaid' || block.text.trim() === '') return;
    const label = cleanLabel(block.label);
    out.push({ kind: 'pasted', name: `${origin.where}, block ${index + 1}${label ? ` (${label})` : ''}`, text: block.text, origin });
  });
  const proseText = prose.join('\n');
  const seen = new Set<string>();
  const add = (raw: string, text?: string) => {
    const trimmed = raw.replace(/[.,;:!?]+$/, '');
    if (seen.has(trimmed)) return;
    seen.add(trimmed);
    const candidate = classify(trimmed, text, origin, repo, webHosts);
    if (candidate) out.push(candidate);
  };
  // Reading order; a URL found by a richer pattern first (with its link text) wins over bare.
  const found = [
    ...[...proseText.matchAll(MARKDOWN_LINK)].map((m) => ({ at: m.index, rank: 0, url: m[2]!, text: m[1] })),
    ...[...proseText.matchAll(HTML_SRC)].map((m) => ({ at: m.index, rank: 1, url: m[1]!, text: undefined })),
    ...[...proseText.matchAll(BARE_URL)].map((m) => ({ at: m.index, rank: 2, url: m[0], text: undefined })),
  ].sort((a, b) => a.at - b.at || a.rank - b.rank);
  for (const f of found) add(f.url, f.text);
  const logLines = prose.filter((line) => LOG_LINE.some((re) => re.test(line)));
  if (logLines.length >= MIN_UNFENCED_LOG_LINES) out.push({ kind: 'pasted', name: `${origin.where}, unfenced text`, text: proseText, origin });
  return out;
}
