// Render stage: the same report as JSON (the contract), GitHub Markdown, or terminal text.
import type { Report } from '../report/types.js';
import { renderMarkdown, type MarkdownOptions } from './markdown.js';
import { renderText } from './text.js';

export type OutputFormat = 'text' | 'markdown' | 'json';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['text', 'markdown', 'json'];

export function renderReport(report: Report, format: OutputFormat, options: MarkdownOptions = {}): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'markdown':
      return renderMarkdown(report, options);
    case 'text':
      return renderText(report);
  }
}
