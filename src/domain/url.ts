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
  for (const name of [...url.searchParams.keys()]) {
    if (name.toLowerCase().startsWith('utm_')) url.searchParams.delete(name);
  }
  // URL already lower-cases scheme and host and drops default ports.
  let out = url.toString();
  if (url.search === '' && out.endsWith('?')) out = out.slice(0, -1);
  return out;
}
