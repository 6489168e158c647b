/**
 * Runs `work` and returns its result with how far the process's resident memory rose above where it
 * started (sampled every 10 ms): the server runs in the test's process, so this bounds what a request cost.
 */
export async function withPeakMemory<T>(work: () => Promise<T>): Promise<{ result: T; grownMb: number }> {
  const start = process.memoryUsage.rss();
  let peak = start;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, grownMb: Math.round((peak - start) / 1024 ** 2) };
  } finally {
    clearInterval(sampler);
  }
}
