/** Words put into a generated script as literals, whatever they contain (help texts have quotes, `$` and brackets). */

/** A single-quoted word for bash and zsh: `'` closes the quote, is escaped, and reopens it. */
export const shQuote = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;

/** A single-quoted word for fish, where a backslash escapes `'` and itself inside single quotes. */
export const fishQuote = (word: string): string => `'${word.replace(/[\\']/g, (c) => `\\${c}`)}'`;
