import { describe, expect, it } from 'vitest';
import { doiLink, parseSource } from './sources';
import { splitTags } from './notes';

describe('sources typed by a user', () => {
  it('accepts a DOI bare, as doi:, or as a resolver link, and links it to the resolver', () => {
    expect(parseSource('doi', '10.1000/xyz123')).toEqual({ doi: '10.1000/xyz123' });
    expect(parseSource('doi', 'doi: 10.1000/xyz123')).toEqual({ doi: '10.1000/xyz123' });
    expect(parseSource('doi', 'https://doi.org/10.1038/nphys1170', 'Paper')).toEqual({ doi: '10.1038/nphys1170', title: 'Paper' });
    expect(doiLink('10.1002/(SICI)1097-4571')).toBe('https://doi.org/10.1002/(SICI)1097-4571');
  });

  it('refuses what is not a DOI or an http(s) address, with a message', () => {
    expect(parseSource('doi', 'xyz')).toMatch(/10\.1000/);
    expect(parseSource('url', 'javascript:alert(1)')).toMatch(/http/);
    expect(parseSource('url', 'https://example.org/a?b=1')).toEqual({ url: 'https://example.org/a?b=1' });
    expect(parseSource('citation', '  ')).toBe('Enter the source');
  });

  it('splits tags at Latin and Chinese commas and drops repeats', () => {
    expect(splitTags('政策，治理、 method, method ,')).toEqual(['政策', '治理', 'method']);
  });
});
