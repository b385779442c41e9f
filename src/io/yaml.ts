import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

// The yaml library takes tens of milliseconds to load and most runs read no YAML (a plain analyze,
// every worker thread), so it loads on first use.
const require = createRequire(import.meta.url);
let lib: typeof Yaml | undefined;

export function yaml(): typeof Yaml {
  return (lib ??= require('yaml') as typeof Yaml);
}
