/** The Markdown builder both documents are made with (src/text/markdown.ts). */
import { describe, expect, it } from 'vitest';
import { MarkdownDoc, mermaidBlock, tableHead, tableRow } from '../src/text/markdown.js';

describe('MarkdownDoc', () => {
  it('counts UTF-8 bytes and a newline per line, and says what still fits', () => {
    const doc = new MarkdownDoc(10);
    doc.push('é', '');
    expect(doc.bytes).toBe(4);
    expect(doc.fits('12345')).toBe(true);
    expect(doc.fits('123456')).toBe(false);
    expect(doc.fits('123456', 11)).toBe(true);
    expect(new MarkdownDoc().fits('x'.repeat(1_000_000))).toBe(true);
  });

  it('ends with one newline, trailing blank lines dropped', () => {
    const doc = new MarkdownDoc();
    doc.push('# title', '', 'text', '', '');
    expect(doc.text()).toBe('# title\n\ntext\n');
  });
});

describe('the pieces of a document', () => {
  it('fences a ```mermaid block longer than any run of backticks in it', () => {
    expect(mermaidBlock('flowchart LR\n  a --> b\n\n')).toBe('```mermaid\nflowchart LR\n  a --> b\n```');
    expect(mermaidBlock('a ```` b')).toBe('`````mermaid\na ```` b\n`````');
  });

  it('writes table rows, the delimiter row aligned per column', () => {
    expect(tableRow(['a', '`b`', 'c \\| d'])).toBe('| a | `b` | c \\| d |');
    expect(tableHead(['name', 'rps', 'path'], 'lr')).toEqual(['| name | rps | path |', '| --- | ---: | --- |']);
  });
});
