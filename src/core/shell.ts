/** Quotes arguments so a command bgdb prints can be pasted into a POSIX shell and mean the same thing. */
export function shellJoin(args: string[]): string {
  return args.map((a) => (/^[\w./=:@%+,-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(" ");
}
