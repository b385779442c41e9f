import { describe, expect, it } from 'vitest';
import { comparisonRows, randomShares } from '../../src/report/simulation-section.js';
import type { Simulation } from '../../src/simulate/result.js';

// Two policies on a $100.00 month, by hand: "cheap" leaves $40.00 direct (saves $60.00, 60.0%);
// "via-or" leaves $38.00 but pays OpenRouter's 5.5%: $38.00 x 1.055 = $40.09, so "cheap" is least.
function sim(policy: string, afterUsd: number, gateway: string, gateways: Array<[string, number]>): Simulation {
  return {
    policy, file: `${policy}.yaml`, afterUsd, beforeUsd: 100, savingsUsd: 100 - afterUsd, savingsPct: 100 - afterUsd, gateway,
    gateways: gateways.map(([name, totalUsd]) => ({ name, totalUsd, feeUsd: totalUsd - afterUsd, netSavingsUsd: 100 - totalUsd })),
  } as unknown as Simulation;
}

describe('policies compared', () => {
  it('each policy with its own gateway fee; the least total is marked, whatever the model spend', () => {
    const rows = comparisonRows([
      sim('cheap', 40, 'direct', [['direct', 40]]),
      sim('via-or', 38, 'openrouter', [['direct', 38], ['openrouter', 38 * 1.055]]),
    ]);
    expect(rows).toEqual([
      ['cheap', 'cheap.yaml', '$40.00', '$60.00 (60.0%)', 'direct', '$40.00', 'least'],
      ['via-or', 'via-or.yaml', '$38.00', '$62.00 (62.0%)', 'openrouter', '$40.09', ''],
    ]);
  });

  it('a dearer policy shows a negative saving, and ties are both least', () => {
    const rows = comparisonRows([sim('a', 120, 'direct', [['direct', 120]]), sim('b', 120, 'direct', [['direct', 120]])]);
    expect(rows.map((r) => [r[3], r[6]])).toEqual([['-$20.00 (-20.0%)', 'least'], ['-$20.00 (-20.0%)', 'least']]);
  });
});

describe('the random baseline\'s shares', () => {
  const random = { flagship: 'a', cheap: 'b', flagshipSharePct: 20, keptSharePct: 0, selfHostedSharePct: 0, usd: 1 };

  it('names the shares left as logged and sent to a self-hosted route, only when there are any', () => {
    expect(randomShares(random)).toEqual([]);
    expect(randomShares({ ...random, keptSharePct: 30, selfHostedSharePct: 12.5 })).toEqual(['30.0% left as logged', '12.5% on the self-hosted route at its hours']);
  });

  it('reads a simulation saved before the self-hosted share was counted', () => {
    const { selfHostedSharePct: _, ...old } = random;
    expect(randomShares({ ...old, keptSharePct: 30 } as typeof random)).toEqual(['30.0% left as logged']);
  });
});
