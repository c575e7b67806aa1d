// Server processes of the benchmarks: a free loopback port, the API's environment under load, waiting for the first
// answer, loading a server with autocannon, stopping.
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';

/** A port nothing listens on at 127.0.0.1 now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** The admin key the benchmarks give the API (so that it creates none in the bench database). */
export const BENCH_ADMIN_KEY = 'bench-admin-key-0123456789abcdef';

/** The environment of `whosaid serve` under load: `db` on 127.0.0.1:`port` with `workers` workers, every limit and timeout off. */
export function apiEnvironment(db: string, port: number, workers: number): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    WHOSAID_DB: db, PORT: String(port), HOST: '127.0.0.1', WHOSAID_DEMO: '0', LOG_LEVEL: 'warn', WHOSAID_ADMIN_KEY: BENCH_ADMIN_KEY,
    WHOSAID_WORKERS: String(workers),
    // Limits that would turn a load test into a test of the limiter.
    WHOSAID_RATE_LIMIT_KEYED: '0', WHOSAID_RATE_LIMIT_ANONYMOUS: '0', WHOSAID_MAX_EVENT_LOOP_DELAY_MS: '0', WHOSAID_MAX_HEAP_USED_PERCENT: '0',
    WHOSAID_CONNECTION_TIMEOUT_MS: '0', WHOSAID_REQUEST_TIMEOUT_MS: '0',
  };
}

/** Polls `url` until it answers 200; the time from `since`, in ms. */
export async function firstAnswer(url: string, since: number, child: ChildProcess, timeoutMs = 120_000): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before answering`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status === 200) return performance.now() - since;
    } catch {
      // not listening yet
    }
    if (performance.now() - since > timeoutMs) throw new Error(`no answer from ${url} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** SIGTERM, then SIGKILL after 15 s; resolves once the process has exited. */
export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await once(child, 'exit');
  clearTimeout(timer);
}

/** Requests per second, latency percentiles in ms, requests sent, and errors (failed requests and non-2xx answers). */
export interface Stats { rps: number; p50: number; p99: number; requests: number; errors: number }

export interface LoadOptions {
  seconds: number;
  connections: number;
  /** At most this many requests in all. */
  maxRequests: number;
}

/** Loads the server on `port` with autocannon: `connections` connections cycling over `paths` (GET), for `seconds`. */
export async function load(port: number, paths: string[], { seconds, connections, maxRequests }: LoadOptions): Promise<Stats> {
  let next = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    maxOverallRequests: maxRequests,
    timeout: 60,
    requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] as string }) }],
  });
  return {
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.non2xx,
  };
}

export interface MeasureOptions extends LoadOptions {
  /** Seconds of warm-up load before the measured one; 0 for none. */
  warmup: number;
  /** A path of the server to wait on after the warm-up. */
  probe: string;
}

/** A warm-up load, then, once the server answers `probe` again, the measured load. */
export async function measure(port: number, paths: string[], options: MeasureOptions): Promise<Stats> {
  if (options.warmup > 0) {
    await load(port, paths, { ...options, seconds: options.warmup });
    // The server still works through requests whose clients the warm-up left: start measuring once it answers again.
    await fetch(`http://127.0.0.1:${port}${options.probe}`, { signal: AbortSignal.timeout(120_000) }).then((r) => r.arrayBuffer()).catch(() => undefined);
  }
  return load(port, paths, options);
}
