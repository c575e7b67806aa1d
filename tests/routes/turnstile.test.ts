// The turnstile for heavy requests: one piece at a time, in order, with a turn of the event loop before each.
import { describe, expect, it } from 'vitest';
import { createTurnstile, sharedTurnstile } from '../../src/routes/turnstile.js';

describe('createTurnstile', () => {
  it('runs pieces one at a time, in arrival order, and passes on their results and errors', async () => {
    const turn = createTurnstile();
    const log: string[] = [];
    const piece = (name: string) => () => {
      log.push(name);
      return name;
    };
    const failing = turn(() => { throw new Error('boom'); });
    const results = await Promise.all([turn(piece('a')), turn(piece('b')), failing.catch((e: Error) => e.message), turn(piece('c'))]);
    expect(results).toEqual(['a', 'b', 'boom', 'c']);
    expect(log).toEqual(['a', 'b', 'c']);
  });

  it('lets the event loop take other work between two pieces, even for pieces that arrive together', async () => {
    const turn = createTurnstile();
    const log: string[] = [];
    // Like requests read in one poll: both pieces are queued before either runs; a callback the first piece schedules
    // for the next turn of the loop (an incoming cheap request) runs before the second piece starts.
    const first = turn(() => {
      log.push('heavy 1');
      setImmediate(() => log.push('cheap'));
    });
    const second = turn(() => log.push('heavy 2'));
    log.push('queued');
    await Promise.all([first, second]);
    expect(log).toEqual(['queued', 'heavy 1', 'cheap', 'heavy 2']);
  });
});

describe('sharedTurnstile', () => {
  it('gives one turnstile per owner, so routes sharing a database connection take turns with each other', async () => {
    const owner = {};
    expect(sharedTurnstile(owner)).toBe(sharedTurnstile(owner));
    expect(sharedTurnstile({})).not.toBe(sharedTurnstile(owner));
    const log: string[] = [];
    const first = sharedTurnstile(owner)(() => {
      log.push('heavy 1');
      setImmediate(() => log.push('cheap'));
    });
    const second = sharedTurnstile(owner)(() => log.push('heavy 2'));
    await Promise.all([first, second]);
    expect(log).toEqual(['heavy 1', 'cheap', 'heavy 2']);
  });

  it('ends the turn when the work returns, without waiting for a thenable it returns (a reply being sent)', async () => {
    const turn = createTurnstile();
    let settle: (value: string) => void = () => {};
    const sending = new Promise<string>((resolve) => { settle = resolve; });
    const log: string[] = [];
    const result = turn(() => { log.push('built'); return sending; });
    await turn(() => log.push('next piece')); // would never run if the turn waited for `sending`
    expect(log).toEqual(['built', 'next piece']);
    settle('sent');
    expect(await result).toBe('sent');
  });
});
