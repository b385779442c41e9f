import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import { UserError } from '../errors.js';
import { jsonErrorLine, syntaxMessage } from './syntax-message.js';

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

/**
 * A settings file's text, located (parseLocated): a `.json` file is read as JSON first (a trailing
 * comma is an error there), anything else as YAML. Bad syntax is a UserError naming the file and the
 * line. A byte-order mark (Windows editors write one) is dropped first.
 */
export function parseSettingsFile(text: string, file: string): Located {
  text = text.replace(/^\uFEFF/, '');
  const json = /\.json$/i.test(file);
  try {
    if (json) JSON.parse(text);
    return parseLocated(text);
  } catch (err) {
    const at = err instanceof yaml().YAMLParseError ? err.linePos?.[0].line : jsonErrorLine(err, text);
    throw new UserError(`${file}${at === undefined ? '' : `:${at}`}: not valid ${json ? 'JSON' : 'YAML'}: ${syntaxMessage(err)}; fix the syntax and try again`);
  }
}
