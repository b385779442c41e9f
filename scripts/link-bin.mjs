// After `npm ci` in a clone, make `npx llm-audit` find this checkout's own CLI: npm links the bins
// of dependencies into node_modules/.bin, but not the project's own.
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const binDir = resolve(root, 'node_modules', '.bin');
if (existsSync(resolve(root, 'node_modules'))) {
  mkdirSync(binDir, { recursive: true });
  const link = resolve(binDir, 'llm-audit');
  rmSync(link, { force: true });
  symlinkSync('../../bin/llm-audit.js', link);
}
