// Writes schema/policy.schema.json from the zod schema (npm run schema). A test checks it is current.
import { writeFileSync } from 'node:fs';
import { policyJsonSchemaText } from '../src/policy/json-schema.js';

writeFileSync(new URL('../schema/policy.schema.json', import.meta.url), policyJsonSchemaText());
console.log('wrote schema/policy.schema.json');
