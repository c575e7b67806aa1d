// Public ids: prefixed ULIDs that sort by creation and do not repeat; their random source refills its pool as it runs out.
import { describe, expect, it } from 'vitest';
import { idPattern, newId, pooledRandom } from '../../src/domain/ids.js';

describe('newId', () => {
  it('makes distinct ids of the kind\'s pattern, in creation order', () => {
    const ids = Array.from({ length: 20_000 }, () => newId('claim'));
    const pattern = new RegExp(idPattern('claim'));
    for (const id of ids) expect(id).toMatch(pattern);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('draws the random part of each millisecond\'s first id anew, over the whole alphabet', async () => {
    // 40 milliseconds' first ids: 640 random characters, where each of the 32 turns up about 20 times.
    const firsts: string[] = [];
    let time = '';
    for (let i = 0; firsts.length < 40 && i < 10_000; i++) {
      const id = newId('claim');
      if (id.slice(4, 14) !== time) {
        time = id.slice(4, 14);
        firsts.push(id.slice(14));
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    expect(firsts).toHaveLength(40);
    expect(new Set(firsts).size).toBe(40);
    expect(new Set(firsts.join('')).size).toBe(32);
  });
});

describe('pooledRandom', () => {
  it('gives bytes over 256 in [0, 1), and fresh ones from each refill of its pool', () => {
    const random = pooledRandom(16);
    const draws = Array.from({ length: 16 * 64 }, () => random());
    for (const x of draws) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      expect(Number.isInteger(x * 256)).toBe(true);
    }
    // 64 pools of 16 bytes: a pool not refilled, or refilled but not read from its start, would repeat a block.
    const blocks = Array.from({ length: 64 }, (_, i) => draws.slice(i * 16, i * 16 + 16).join(','));
    expect(new Set(blocks).size).toBe(64);
    expect(new Set(draws).size).toBeGreaterThan(200);
  });
});
