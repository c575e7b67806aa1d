// A turnstile for heavy requests: one at a time, with a turn of the event loop between two.

/**
 * Runs the work it is given one piece at a time, in arrival order, each from its own setImmediate, so that the event
 * loop polls for I/O between two pieces. A burst of heavy requests (full-text searches of common words) then delays
 * a cheap request by one heavy piece at most, instead of by every heavy request that arrived before it. Even the
 * first piece is deferred: requests read in one poll would otherwise run back to back, each finding the way free.
 */
export function createTurnstile(): <T>(work: () => T | Promise<T>) => Promise<T> {
  const waiting: (() => void)[] = [];
  let busy = false;
  const release = () => {
    const next = waiting.shift();
    if (next === undefined) busy = false;
    else setImmediate(next); // busy stays true: the turn passes straight to the next in line
  };
  return async (work) => {
    if (busy) {
      await new Promise<void>((resolve) => waiting.push(resolve));
    } else {
      busy = true;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    try {
      return await work();
    } finally {
      release();
    }
  };
}
