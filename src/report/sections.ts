import type { AuditReport } from '../audit/report.js';
import type { View } from './view.js';
import { tierSection } from './tiers.js';

/**
 * Report sections other stages add (tier mix, simulations): each renders its own part of the
 * report in every format. A renderer returns '' when the report has nothing for it.
 */
export interface SectionRenderer {
  name: string;
  table?(r: AuditReport, view: View): string;
  markdown?(r: AuditReport): string;
  csv?(r: AuditReport): Array<Array<string | number>>;
}

export const sectionRenderers: SectionRenderer[] = [tierSection];
