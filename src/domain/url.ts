// Article URL normalisation: one spelling per article, so uniqueness means something.

/** Lower-cases scheme and host, drops the fragment and utm_* parameters; null for non-http(s) URLs. */
export function normaliseUrl(input: string): string | null {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (!url.hostname) return null;
  url.hash = '';
  url.username = '';
  url.password = '';
  // Filter the raw query text rather than searchParams, which would re-encode what is kept.
  const kept = url.search.slice(1).split('&').filter((part) => part !== '' && !/^utm_/i.test(part));
  url.search = kept.length > 0 ? `?${kept.join('&')}` : '';
  // URL already lower-cases scheme and host and drops default ports.
  return url.toString();
}
