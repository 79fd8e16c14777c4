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

/** A gantt task or section name: as a node label, and `:` too, which starts the task's fields. */
export function taskName(value: string, max = 80): MermaidLabel {
  return clean(value, /["'`<>{}[\]|#;:\\]/g, max);
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
