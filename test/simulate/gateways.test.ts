import { describe, expect, it } from 'vitest';
import { scenarioList } from '../../src/simulate/gateways.js';
import { GATEWAY_PRESETS, parseMarkup } from '../../src/pricing/gateway.js';

const custom = (markup: string) => ({ name: 'custom', fees: [parseMarkup(markup)] });

describe('scenarioList', () => {
  it('lists direct first, then each gateway once', () => {
    const or = GATEWAY_PRESETS.openrouter!;
    expect(scenarioList([or, or, GATEWAY_PRESETS.direct!]).map((g) => g.name)).toEqual(['direct', 'openrouter']);
  });

  it('keeps two gateways of one name with different fees, the second named with its fees (it was dropped in silence)', () => {
    const list = scenarioList([custom('3%'), custom('5%'), custom('3%'), custom('5%')]);
    expect(list.map((g) => g.name)).toEqual(['direct', 'custom', `custom (${parseMarkup('5%').label})`]);
    expect(list[2]!.fees[0]!.value).toBe(5);
  });

  it('a policy gateway named direct that charges a fee is not taken for the free direct route', () => {
    const list = scenarioList([{ name: 'direct', fees: [parseMarkup('5%')] }]);
    expect(list).toHaveLength(2);
    expect(list[1]!.fees[0]!.value).toBe(5);
  });
});
