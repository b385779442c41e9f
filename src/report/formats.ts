// The report's `--format` names; index.ts keys its renderers by exactly these (checked by its type).
export type Format = 'table' | 'json' | 'markdown' | 'csv' | 'html';
export const FORMATS: Format[] = ['table', 'json', 'markdown', 'csv', 'html'];
