import { readFileSync } from 'node:fs';

export interface CodeBlock {
  /** The word after the opening fence ('' for program output). */
  language: string;
  /** The block's text, ending in a newline. */
  code: string;
}

/** The text of one `## ` section of README.md, its heading line included. */
export function readmeSection(heading: string): string {
  const readme = readFileSync('README.md', 'utf8');
  const from = readme.indexOf(`\n## ${heading}\n`);
  if (from < 0) throw new Error(`README.md has no section "## ${heading}"`);
  return readme.slice(from, readme.indexOf('\n## ', from + 1));
}

/** The fenced code blocks of one `## ` section of README.md, in order. */
export function readmeBlocks(heading: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  let open: { language: string; lines: string[] } | undefined;
  for (const line of readmeSection(heading).split('\n')) {
    if (!open && line.startsWith('```')) open = { language: line.slice(3), lines: [] };
    else if (open && line === '```') {
      blocks.push({ language: open.language, code: `${open.lines.join('\n')}\n` });
      open = undefined;
    } else open?.lines.push(line);
  }
  return blocks;
}
