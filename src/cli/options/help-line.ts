/** The help line of a declaration: its text and, when it has one, its default. */
export function helpLine(help: string, shownDefault: string | undefined): string {
  return shownDefault === undefined ? help : `${help} (default: ${shownDefault})`;
}
