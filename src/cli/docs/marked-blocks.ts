/**
 * Generated parts of a hand-written Markdown file: each between `<!-- options:NAME -->` and `<!-- /options:NAME -->`,
 * so the prose around them stays the author's and only the parts between the markers are rewritten.
 */

const BLOCK = /(<!-- options:([\w-]+) -->\n)[\s\S]*?(<!-- \/options:\2 -->)/g;

/** The names of the blocks `text` holds, in order. */
export function blockNames(text: string): string[] {
  return [...text.matchAll(BLOCK)].map((m) => m[2] ?? "");
}

/** `text` with each block's content replaced by the one of its name in `blocks` (a block not named there is kept). */
export function withBlocks(text: string, blocks: ReadonlyMap<string, string>): string {
  return text.replace(BLOCK, (whole, open: string, name: string, close: string) => {
    const content = blocks.get(name);
    return content === undefined ? whole : `${open}${content}\n${close}`;
  });
}
