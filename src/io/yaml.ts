import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

// The yaml library takes tens of milliseconds to load and most runs read no YAML (a plain analyze,
// every worker thread), so it loads on first use.
const require = createRequire(import.meta.url);
let lib: typeof Yaml | undefined;

export function yaml(): typeof Yaml {
  return (lib ??= require('yaml') as typeof Yaml);
}

/** A parsed document and the line of each value in it, for messages that name the line. */
export interface Located {
  value: unknown;
  /** The 1-based line of the value at `path`, or of its nearest enclosing value that exists. */
  lineOf(path: ReadonlyArray<PropertyKey>): number | undefined;
}

/**
 * Parses YAML (JSON is a subset) keeping positions. Throws the library's YAMLParseError on bad syntax.
 * Keys are matched by their text, so the path `tiers.1` finds the key `1` however YAML typed it.
 */
export function parseLocated(text: string): Located {
  const Y = yaml();
  const lines = new Y.LineCounter();
  const doc = Y.parseDocument(text, { lineCounter: lines, prettyErrors: true });
  if (doc.errors.length) throw doc.errors[0];
  const lineAt = (node: unknown): number | undefined => {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? lines.linePos(range[0]).line : undefined;
  };
  return {
    value: doc.toJS(),
    lineOf(path) {
      let node: unknown = doc.contents;
      let line = lineAt(node);
      for (const step of path) {
        let next: unknown;
        if (Y.isMap(node)) next = node.items.find((p) => String(Y.isScalar(p.key) ? p.key.value : p.key) === String(step))?.value;
        else if (Y.isSeq(node)) next = node.items[Number(step)];
        if (next === undefined || next === null) break;
        node = next;
        line = lineAt(node) ?? line;
      }
      return line;
    },
  };
}
