// The check report's formats; render.ts keys its renderers by exactly these (checked by its type).
export type CheckFormat = 'table' | 'markdown' | 'json';
export const CHECK_FORMATS: CheckFormat[] = ['table', 'markdown', 'json'];
