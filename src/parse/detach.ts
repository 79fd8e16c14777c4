// A line's text is a slice of the decoded chunk it came from, and V8 keeps the whole chunk alive
// for as long as the slice lives. What a parser keeps for the report — one sample an hour of a
// long log, each gap, each boot — is copied out, so memory follows what is kept, not the chunks.
import { Buffer } from 'node:buffer';

export function detach(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}
