// What GitHub would act on in a comment: mentions, issue references, links and HTML tags outside
// code. Used by the renderer and bot tests to assert that text from inputs stays inert.

/** The renderers' own tags; anything else outside code came from an input. */
const OUR_TAGS = new Set(['details', 'summary', 'sub', 'br']);

/** The comment without fenced blocks, code spans and hidden markers (GitHub acts on none of them). */
export function outsideCode(markdown: string): { visible: string; unclosedFence: boolean } {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const m = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (m && m[1]![0] === fence[0] && m[1]!.length >= fence.length && line.trim() === m[1]) fence = undefined;
      continue;
    }
    if (m) {
      fence = m[1];
      continue;
    }
    out.push(line);
  }
  const visible = out
    .join('\n')
    // Code spans: a run of backticks not preceded by a backslash, up to the same run.
    .replace(/(?<!\\)(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ');
  return { visible, unclosedFence: fence !== undefined };
}

/** Every live mention, reference, link or foreign tag outside code, as `kind: match`. */
export function liveMarkup(markdown: string): string[] {
  const { visible, unclosedFence } = outsideCode(markdown);
  const found: string[] = [];
  if (unclosedFence) found.push('fence: left open, so the rest of the comment is code of the input');
  const scan = (kind: string, re: RegExp) => {
    for (const m of visible.matchAll(re)) found.push(`${kind}: ${m[0].trim()}`);
  };
  scan('mention', /(?<![\w`])@[A-Za-z0-9][\w-]*(\/[\w-]+)?/g);
  scan('reference', /(?<![\w&])#\d+\b/g);
  scan('reference', /\bGH-\d+\b/gi);
  scan('link', /\b[a-z][a-z0-9+.-]*:\/\/\S+/gi);
  scan('link', /\bwww\.\S+/gi);
  scan('link', /(?<!\\)\]\((?!\))/g);
  scan('email', /[\w.+-]+@[\w-]+\.[\w.-]+/g);
  for (const m of visible.matchAll(/<\/?([A-Za-z][\w-]*)[^>]*>?/g)) {
    if (!OUR_TAGS.has(m[1]!.toLowerCase())) found.push(`tag: ${m[0]}`);
  }
  const opens = visible.match(/<details\b/gi)?.length ?? 0;
  const closes = visible.match(/<\/details>/gi)?.length ?? 0;
  if (opens !== closes) found.push(`tag: ${opens} <details> but ${closes} </details>`);
  return found;
}
