/**
 * Lists of a union's members kept complete by the compiler: `Assert<Listed<Union, typeof LIST>>` does not compile
 * while LIST leaves a member out (and `as const satisfies readonly Union[]` on the list catches one too many).
 */
export type Listed<Union, List extends readonly unknown[]> = [Exclude<Union, List[number]>] extends [never]
  ? true
  : false;

export type Assert<T extends true> = T;
