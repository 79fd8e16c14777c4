// Mermaid charts are built from lines whose only untrusted parts are labels passed through
// `label`, so a task name cannot end a label, start a statement (`click … href`), or the fence.
import type { MermaidLine } from './md.js';

declare const LABEL: unique symbol;
/** Untrusted text made safe for a Mermaid label. */
export type MermaidLabel = string & { readonly [LABEL]: true };

function clean(value: string, unsafe: RegExp, max: number): MermaidLabel {
  return value.replace(unsafe, ' ').replace(/\s+/g, ' ').trim().slice(0, max) as MermaidLabel;
}

/**
 * Text inside a quoted flowchart label (`n1["…"]`, `-->|"…"|`): quotes, brackets and pipes would
 * end it, `#`/`;` start entity codes and statements, backticks open Markdown strings, angle
 * brackets HTML.
 */
export function nodeLabel(value: string, max = 80): MermaidLabel {
  return clean(value, /["'`<>{}[\]|#;\\]/g, max);
}

/**
 * How a gantt line starts a statement other than a task: the lexer of mermaid's
 * packages/mermaid/src/diagrams/gantt/parser/gantt.jison is case-insensitive and takes the first
 * rule that matches, so a task named `click x href …`, `title …`, `section …` or `2024-03-23 …`
 * (its `date` token) is read as that statement, or breaks the chart.
 */
const GANTT_STATEMENT = /^(?:click|href|call|gantt|dateformat|inclusiveenddates|topaxis|axisformat|tickinterval|includes|excludes|todaymarker|weekday|title|accdescr|acctitle|section|\d{4}-\d\d-\d\d)/i;

/**
 * A gantt task or section name: as a node label, and `:` too, which starts the task's fields,
 * and `%`, which in gantt.jison's comment rules (`%%…`, `x%…`) turns the rest of the line into a
 * comment. A name that starts like a statement gets a zero-width space first (not whitespace to
 * the lexer, invisible on the chart); an empty one becomes `-`, since `section` needs a name.
 */
export function taskName(value: string, max = 80): MermaidLabel {
  const name = clean(value, /["'`<>{}[\]|#;:%\\]/g, max);
  if (name === '') return '-' as MermaidLabel;
  return GANTT_STATEMENT.test(name) ? (`\u200b${name}` as MermaidLabel) : name;
}

/** A chart line: literal parts are the renderer's own Mermaid, values are labels or numbers. */
export function line(strings: TemplateStringsArray, ...values: readonly (MermaidLabel | number)[]): MermaidLine {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += String(value) + (strings[i + 1] ?? '');
  });
  return out as MermaidLine;
}

/** `2024-03-27T12:48:44.5Z` as a gantt `dateFormat YYYY-MM-DD HH:mm:ss` value; undefined if it is not an ISO time. */
export function ganttTime(iso: string): MermaidLabel | undefined {
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(?:\.\d+)?Z$/.exec(iso);
  return m ? (`${m[1]} ${m[2]}` as MermaidLabel) : undefined;
}

/** Node ids `n3,n7` (for `class`) or `n3 -> n7` (a cycle comment): built from numbers only. */
export function nodeIds(ids: readonly number[], separator: ',' | ' -> '): MermaidLabel {
  return ids.map((id) => `n${id}`).join(separator) as MermaidLabel;
}
