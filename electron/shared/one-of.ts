/** Whether a string a widget gave back is one of a fixed list's values (radio buttons, menus). */
export function isOneOf<T extends string>(list: readonly T[], value: string): value is T {
  return list.some((x) => x === value);
}
