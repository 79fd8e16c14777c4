// Markdown the renderers may concatenate. Log text, file names, headings and issue text are
// untrusted: on GitHub they must not ping people (@user, @org/team), reference issues (#12,
// GH-12, owner/repo#12), link anywhere (https://…, www.…, [x](y), <https://…>, emails), open or
// close HTML (<img>, </details>) or end the code fence they sit in.
//
// `Md` is a string brand. The only ways to get one are the builders here: `md` templates (whose
// literal parts are the renderers' own Markdown and whose values must already be `Md`), `text`
// and `code` for untrusted strings, `fence` for code blocks. A plain string passed where `Md` is
// expected does not compile, and `as Md` is a lint error outside this file (eslint.config.js),
// so the only path from an input to a comment is through the escaping below.
//
// URLs are made inert by a zero-width joiner before the scheme's colon (`https‍://…`) and after
// `www` (`www‍.…`): the text reads the same, GitHub's autolinker (cmark-gfm's autolink extension
// wants a literal `http://`, `https://` or `www.`) does not fire, so no live link and no
// cross-reference backlink on the issue or PR the URL names. Code spans were the alternative;
// they are not used because in a table cell a code span still needs `|` escaped and it changes
// how a whole phrase reads.

declare const MARKDOWN: unique symbol;

/** Markdown that is safe to concatenate into a comment. */
export type Md = string & { readonly [MARKDOWN]: true };

/** A string that is not already Markdown: escaping `Md` again would show its backslashes. */
export type Plain = string & { readonly [MARKDOWN]?: never };

const ZWJ = '\u200d';

function brand(value: string): Md {
  return value as Md;
}

/** Untrusted text for a paragraph, list item, heading or table cell: inert and on one line. */
export function text(value: Plain | number): Md {
  return brand(
    String(value)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/[\\`*_{}[\]|~]/g, (c) => `\\${c}`)
      // Mentions (and emails, which GitHub also links) need a word character right after `@`.
      .replace(/@(?=[A-Za-z0-9-])/g, `@${ZWJ}`)
      .replace(/#(?=\d+\b)/g, `#${ZWJ}`)
      // GitHub also links `GH-123` to issue 123 of the repository.
      .replace(/\b(GH)-(?=\d)/gi, `$1${ZWJ}-`)
      .replace(/\b([a-z][a-z0-9+.-]*):(?=\/\/)/gi, `$1${ZWJ}:`)
      .replace(/\b(www)\./gi, `$1${ZWJ}.`)
      .replace(/\r?\n|\r/g, ' ')
      // A value that starts a line must not start a heading, quote, list item or rule.
      .replace(/^(\s*)([#>+=-])(?=\s|$|\2*\s*$)/, '$1\\$2')
      .replace(/^(\s*\d+)([.)])(?=\s|$)/, '$1\\$2'),
  );
}

/** Untrusted text as an inline code span: shown verbatim, inert, safe in a table cell. */
export function code(value: Plain): Md {
  const flat = value.replace(/\r?\n|\r/g, ' ').replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat === '' ? ' ' : '';
  return brand(`${ticks}${pad}${flat}${pad}${ticks}`);
}

/** Untrusted text inside a fenced block: it cannot end the fence, and mentions stay inert. */
function escapeCode(value: string): string {
  return value.replace(/`{3,}|~{3,}/g, (m) => m.split('').join(ZWJ)).replace(/@(?=[A-Za-z0-9-])/g, `@${ZWJ}`);
}

/** A fenced code block holding untrusted text (evidence lines). */
export function fence(info: 'text', body: Plain): Md {
  return brand(`\`\`\`${info}\n${escapeCode(body)}\n\`\`\``);
}

declare const MERMAID: unique symbol;

/** One line of a Mermaid chart built from sanitised labels (see mermaid.ts). */
export type MermaidLine = string & { readonly [MERMAID]: true };

/** A Mermaid block; its lines can only come from mermaid.ts' builders. */
export function mermaidFence(lines: readonly MermaidLine[]): Md {
  return brand(`\`\`\`mermaid\n${escapeCode(lines.join('\n'))}\n\`\`\``);
}

/**
 * The renderers' own Markdown: the template's literal parts are trusted (they are source code),
 * every interpolated value must already be `Md` (or a number, which is digits).
 */
export function md(strings: TemplateStringsArray, ...values: readonly (Md | number)[]): Md {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += String(value) + (strings[i + 1] ?? '');
  });
  return brand(out);
}

export function join(parts: readonly Md[], separator: Md): Md {
  return brand(parts.join(separator));
}

export const NEWLINE = md`\n`;
export const BLANK_LINE = md`\n\n`;

/** A GitHub table; every cell is already Markdown. */
export function table(header: readonly Md[], rows: readonly (readonly Md[])[]): Md {
  const line = (cells: readonly Md[]) => brand(`|${cells.map((cell) => (cell ? ` ${cell} ` : ' ')).join('|')}|`);
  return join([line(header), brand(`|${header.map(() => '---').join('|')}|`), ...rows.map(line)], NEWLINE);
}

/** Folded section; the blank line after `</summary>` lets Markdown inside render. */
export function details(summary: Md, body: Md): Md {
  return md`<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

/**
 * At most `max` items, then one "and N more" item: a list built from log text (owners, roots,
 * inputs) must not grow with the input.
 */
export function capped<T, R = Md>(items: readonly T[], max: number, render: (item: T) => R, more: (count: number) => R): R[] {
  const shown = items.slice(0, max).map(render);
  return items.length > max ? [...shown, more(items.length - max)] : shown;
}

/** A hidden marker (one HTML comment, nothing that could end it early) as the first line. */
export function hiddenMarker(value: string): Md {
  if (!/^<!--[\s\S]*-->$/.test(value) || value.slice(4, -3).includes('--')) throw new Error(`a marker must be one HTML comment, got ${JSON.stringify(value)}`);
  return brand(value);
}

/** Without trailing blank lines (whitespace is never what makes Markdown unsafe). */
export function trimEnd(value: Md): Md {
  return brand(value.replace(/\s+$/, ''));
}
