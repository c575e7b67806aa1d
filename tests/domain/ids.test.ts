// Public ids: prefixed ULIDs that sort by creation and do not repeat, across many refills of the random pool.
import { describe, expect, it } from 'vitest';
import { idPattern, newId } from '../../src/domain/ids.js';

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
