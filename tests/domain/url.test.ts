// normaliseUrl: one spelling per article URL, and null for anything that is not http(s).
import { describe, expect, it } from 'vitest';
import { normaliseUrl } from '../../src/domain/url.js';

describe('normaliseUrl', () => {
  it.each([
    ['lower-cases scheme and host, keeps the path case', 'HTTPS://WWW.Example.COM/News/Story', 'https://www.example.com/News/Story'],
    ['drops the fragment', 'https://example.com/a#comments', 'https://example.com/a'],
    ['drops utm_* parameters and keeps the others', 'https://example.com/a?utm_source=x&id=7&utm_medium=y', 'https://example.com/a?id=7'],
    ['drops utm_* parameters whatever their case', 'https://example.com/a?UTM_Campaign=z&id=7', 'https://example.com/a?id=7'],
    ['drops a query left empty', 'https://example.com/a?utm_source=x', 'https://example.com/a'],
    ['drops an empty query', 'https://example.com/a?', 'https://example.com/a'],
    ['drops the default http port', 'http://example.com:80/a', 'http://example.com/a'],
    ['drops the default https port', 'https://example.com:443/a', 'https://example.com/a'],
    ['keeps another port', 'https://example.com:8080/a', 'https://example.com:8080/a'],
    ['adds the root path', 'https://example.com', 'https://example.com/'],
    ['trims surrounding white space', '  https://example.com/a \n', 'https://example.com/a'],
    ['keeps percent-encoding in the query', 'https://example.com/a?q=a%20b', 'https://example.com/a?q=a%20b'],
    ['puts an internationalised host in punycode', 'https://Bücher.de/', 'https://xn--bcher-kva.de/'],
    ['is idempotent', 'https://example.com/a?id=7', 'https://example.com/a?id=7'],
  ])('%s', (_label, input, expected) => {
    expect(normaliseUrl(input)).toBe(expected);
    expect(normaliseUrl(expected)).toBe(expected);
  });

  it.each([
    ['an ftp URL', 'ftp://example.com/file'],
    ['a mailto URL', 'mailto:someone@example.com'],
    ['a javascript URL', 'javascript:alert(1)'],
    ['a relative path', '/news/story'],
    ['a host without a scheme', 'www.example.com/story'],
    ['plain text', 'not a url'],
    ['an empty string', ''],
  ])('refuses %s', (_label, input) => {
    expect(normaliseUrl(input)).toBeNull();
  });
});

describe('normaliseUrl keeps the encoding of what it keeps', () => {
  it.each([
    ['https://example.com/a?q=a%20b&utm_source=t', 'https://example.com/a?q=a%20b'],
    ['https://example.com/a?q=a+b&utm_medium=x&page=2', 'https://example.com/a?q=a+b&page=2'],
    ['https://user:pw@Example.com/a', 'https://example.com/a'],
  ])('%s -> %s', (input, expected) => {
    expect(normaliseUrl(input)).toBe(expected);
  });
});
