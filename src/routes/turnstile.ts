// A turnstile for heavy requests: one at a time, with a turn of the event loop between two.

export type Turnstile = <T>(work: () => T) => Promise<T>;

/**
 * Runs the work it is given one piece at a time, in arrival order, each from its own setImmediate, so that the event
 * loop polls for I/O between two pieces. A burst of heavy requests (full-text searches of common words) then delays
 * a cheap request by one heavy piece at most, instead of by every heavy request that arrived before it. Even the
 * first piece is deferred: requests read in one poll would otherwise run back to back, each finding the way free.
 *
 * A piece is synchronous work, and its turn ends as soon as it returns: the turn covers building a response, not its
 * sending (a Fastify reply is a thenable that settles once the response has gone out) nor the later pages of an export
 * stream. The promise returned settles with what the work returned, once that settles.
 */
export function createTurnstile(): Turnstile {
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
      return work();
    } finally {
      release(); // before the promise adopts a thenable the work returned
    }
  };
}

const byOwner = new WeakMap<object, Turnstile>();

/**
 * The one turnstile of `owner` (the database connection the heavy reads run on), created on first use: routes in
 * different plugins that share it take turns with each other too, so two of their heavy pieces never run in one
 * turn of the event loop.
 */
export function sharedTurnstile(owner: object): Turnstile {
  let turnstile = byOwner.get(owner);
  if (turnstile === undefined) byOwner.set(owner, (turnstile = createTurnstile()));
  return turnstile;
}
