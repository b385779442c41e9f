/**
 * Appends every item of `items` to `into`. `into.push(...items)` passes each item as an argument
 * and throws "Maximum call stack size exceeded" past about 100k items; a loop has no such limit.
 */
export function appendAll<T>(into: T[], items: readonly T[]): T[] {
  for (let i = 0; i < items.length; i++) into.push(items[i]!);
  return into;
}
