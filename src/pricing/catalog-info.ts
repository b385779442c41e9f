import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// The package's exports map hides package.json, so read it beside the resolved entry point.
const require = createRequire(import.meta.url);
const entry = require.resolve('@pydantic/genai-prices');
const pkg = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };

/** The bundled price catalog, named with its version in every report. */
export const CATALOG = { name: '@pydantic/genai-prices', version: pkg.version } as const;
