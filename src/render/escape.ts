// Log text is untrusted: in Markdown it must not ping people, link issues, open HTML or
// close the fence it sits in.

const ZERO_WIDTH_JOINER = '\u200d';

/** Text for a Markdown table cell or paragraph. */
export function escapeInline(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_{}[\]|]/g, (c) => `\\${c}`)
    .replace(/@(?=[A-Za-z0-9-])/g, `@${ZERO_WIDTH_JOINER}`)
    .replace(/#(?=\d+\b)/g, `#${ZERO_WIDTH_JOINER}`)
    // GitHub also links `GH-123` to issue 123 of the repository.
    .replace(/\b(GH)-(?=\d)/gi, `$1${ZERO_WIDTH_JOINER}-`)
    .replace(/\r?\n/g, ' ');
}

/** Text inside a fenced code block: only the fence itself and HTML-ish closers matter. */
export function escapeCode(text: string): string {
  return text.replace(/`{3,}/g, (m) => m.split('').join(ZERO_WIDTH_JOINER)).replace(/@(?=[A-Za-z0-9-])/g, `@${ZERO_WIDTH_JOINER}`);
}
