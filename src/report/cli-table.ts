import Table from 'cli-table3';
import type { View } from './view.js';

/** A compact table: first column left, figures right, a bar column (empty head) left. */
export function newTable(head: string[], view: View): Table.Table {
  return new Table({
    head,
    style: { head: view.color ? ['cyan'] : [], border: view.color ? ['grey'] : [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    colAligns: head.map((h, i) => (i === 0 || h === '' ? 'left' : 'right')),
  });
}
