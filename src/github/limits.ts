// GitHub refuses a comment body over 65,536 characters (422 "body is too long") and drops a
// job summary over 1 MiB. A report that does not fit is trimmed on section boundaries, least
// important section first, with a visible note saying what was left out and where to find it.

export const COMMENT_MAX_CHARS = 65_536;
export const SUMMARY_MAX_BYTES = 1024 * 1024;

export interface SizeLimit {
  /** UTF-16 code units (what `string.length` counts; never fewer than GitHub's characters). */
  maxChars?: number;
  /** UTF-8 bytes. */
  maxBytes?: number;
}

/**
 * Sections of `renderMarkdown`'s output, least important first. A section is identified by
 * its first line. `<details>` sections no row names (added later by someone else) go first:
 * they are folded, supplementary material. Sections no row matches (verdict, headline,
 * marker, footer, notes a face adds) are never dropped.
 */
export const SECTION_PRIORITY: readonly { name: string; match: RegExp }[] = [
  { name: 'other details', match: /^<details>(?!<summary>(?:Clocks|Evidence|Inputs))/ },
  { name: 'Clocks', match: /^<details><summary>Clocks/ },
  { name: 'Evidence', match: /^<details><summary>Evidence/ },
  { name: 'Inputs', match: /^<details><summary>Inputs/ },
  { name: 'Timeline', match: /^\*\*Timeline\*\*/ },
  { name: 'Who waits on whom', match: /^\*\*Who waits on whom\*\*/ },
  { name: 'Next steps', match: /^\*\*Next steps\*\*/ },
  { name: 'Findings table', match: /^\| Finding \|/ },
  { name: 'Host', match: /^\*\*Host:\*\*/ },
];

export interface Section {
  text: string;
  /** Index into SECTION_PRIORITY, or undefined when the section is always kept. */
  rank?: number;
  name: string;
}

export interface FitResult {
  text: string;
  trimmed: boolean;
  /** Names of the sections left out, in the order they were dropped. */
  dropped: string[];
}

export interface FitOptions extends SizeLimit {
  /** Appended to the note, e.g. "The full report is in the job summary." */
  fullReportHint?: string;
}

export function measure(text: string): { chars: number; bytes: number } {
  return { chars: text.length, bytes: Buffer.byteLength(text, 'utf8') };
}

function fits(text: string, limit: SizeLimit): boolean {
  const size = measure(text);
  return (limit.maxChars === undefined || size.chars <= limit.maxChars) && (limit.maxBytes === undefined || size.bytes <= limit.maxBytes);
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** Splits on blank lines outside code fences and `<details>` blocks. */
function blocks(markdown: string): string[] {
  const out: string[] = [];
  let current: string[] = [];
  let fence: string | undefined;
  let depth = 0;
  for (const line of markdown.split('\n')) {
    const open = FENCE.exec(line)?.[1];
    if (fence) {
      if (open && open[0] === fence[0] && open.length >= fence.length && line.trim() === open) fence = undefined;
    } else if (open) {
      fence = open;
    } else {
      depth += (line.match(/<details\b/g) ?? []).length - (line.match(/<\/details>/g) ?? []).length;
      if (depth < 0) depth = 0;
    }
    if (line.trim() === '' && !fence && depth === 0) {
      if (current.length) out.push(current.join('\n'));
      current = [];
    } else {
      current.push(line);
    }
  }
  if (current.length) out.push(current.join('\n'));
  return out;
}

/**
 * A section starts at a heading, a bold title, an HTML block (`<details>`, `<sub>`, marker) or
 * a block a priority row names; anything else (a paragraph, a fence, an unnamed table) belongs
 * to the section before it, like the chart and table under **Timeline**.
 */
function startsSection(block: string, priority: readonly { match: RegExp }[]): boolean {
  return /^(#{1,6} |\*\*[^*]+\*\*|<)/.test(block) || priority.some((row) => row.match.test(block));
}

export function splitSections(markdown: string, priority = SECTION_PRIORITY): Section[] {
  const sections: Section[] = [];
  for (const block of blocks(markdown)) {
    const last = sections[sections.length - 1];
    if (last && !startsSection(block, priority)) {
      last.text += `\n\n${block}`;
      continue;
    }
    const rank = priority.findIndex((row) => row.match.test(block));
    const title = /^<details><summary>([^<]*)<\/summary>/.exec(block)?.[1] ?? block.split('\n')[0]!.replace(/[*|#]/g, '').trim().slice(0, 40);
    sections.push({ text: block, rank: rank < 0 ? undefined : rank, name: title });
  }
  return sections;
}

function noteFor(dropped: string[], cut: boolean, options: FitOptions): string {
  const parts = [];
  if (dropped.length) parts.push(`left out ${dropped.map((name) => `“${name}”`).join(', ')}`);
  if (cut) parts.push('cut the rest at a line boundary');
  const limit = [options.maxChars !== undefined ? `${options.maxChars} characters` : '', options.maxBytes !== undefined ? `${options.maxBytes} bytes` : '']
    .filter(Boolean)
    .join(' / ');
  return `> [!NOTE]\n> Report trimmed to fit GitHub's limit of ${limit}: ${parts.join('; ')}.${options.fullReportHint ? ` ${options.fullReportHint}` : ''}`;
}

function join(sections: Section[], note?: string): string {
  return `${[...sections.map((s) => s.text), ...(note ? [note] : [])].join('\n\n')}\n`;
}

/** Cuts text to fit at a line boundary, closing a code fence or `<details>` left open. */
function cutToFit(text: string, limit: SizeLimit): string {
  const lines = text.split('\n');
  let lo = 0;
  let hi = lines.length;
  const close = (n: number) => {
    const kept = lines.slice(0, n);
    let fence: string | undefined;
    let depth = 0;
    for (const line of kept) {
      const open = FENCE.exec(line)?.[1];
      if (fence) {
        if (open && open[0] === fence[0] && line.trim() === open) fence = undefined;
      } else if (open) fence = open;
      else depth = Math.max(0, depth + (line.match(/<details\b/g) ?? []).length - (line.match(/<\/details>/g) ?? []).length);
    }
    if (fence) kept.push(fence);
    for (let i = 0; i < depth; i++) kept.push('', '</details>');
    return kept.join('\n');
  };
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(close(mid), limit)) lo = mid;
    else hi = mid - 1;
  }
  return close(lo);
}

/**
 * Fits a Markdown report into a size limit. Drops ranked sections least important first until
 * the text (with the note) fits, then puts back any dropped section that still fits, most
 * important first, so a small section is not lost for a big one. When even the never-dropped
 * sections are too big, the text is cut at a line boundary.
 */
export function fitMarkdown(markdown: string, options: FitOptions, priority = SECTION_PRIORITY): FitResult {
  if (fits(markdown, options)) return { text: markdown, trimmed: false, dropped: [] };
  const sections = splitSections(markdown.replace(/\n+$/, ''), priority);
  const droppable = sections
    .map((section, index) => ({ section, index }))
    .filter(({ section }) => section.rank !== undefined)
    .sort((a, b) => a.section.rank! - b.section.rank! || b.index - a.index);
  const out = new Set<number>();
  const kept = () => sections.filter((_, index) => !out.has(index));
  const names = () => droppable.filter(({ index }) => out.has(index)).map(({ section }) => section.name);
  for (const { index } of droppable) {
    if (fits(join(kept(), noteFor(names(), false, options)), options)) break;
    out.add(index);
  }
  for (const { index } of [...droppable].reverse()) {
    if (!out.has(index)) continue;
    out.delete(index);
    if (!fits(join(kept(), noteFor(names(), false, options)), options)) out.add(index);
  }
  const note = noteFor(names(), false, options);
  const text = join(kept(), note);
  if (fits(text, options)) return { text, trimmed: true, dropped: names() };
  // Even the essentials are too big: keep the note whole and cut the body before it.
  const finalNote = noteFor(names(), true, options);
  const noteSize = measure(`\n\n${finalNote}\n`);
  const room: SizeLimit = {
    maxChars: options.maxChars === undefined ? undefined : options.maxChars - noteSize.chars,
    maxBytes: options.maxBytes === undefined ? undefined : options.maxBytes - noteSize.bytes,
  };
  const body = cutToFit(join(kept()).replace(/\n$/, ''), room);
  return { text: `${body}\n\n${finalNote}\n`, trimmed: true, dropped: names() };
}
