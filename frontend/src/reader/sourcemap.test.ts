import { describe, expect, it } from 'vitest';
import { align, decodeHtml, identity } from './sourcemap';

/** Pieces of rendered text mapped back to where they came from in the stored source. */
function mapped(source: string, pieces: string[], html: boolean): string[] {
  const decoded = html ? decodeHtml(source) : identity(source);
  return align(pieces, decoded).map((a, n) => pieces[n].split('').map((_, k) => (a.start[k] < 0 ? '?' : source.slice(a.start[k], a.end[k]))).join(''));
}

describe('decodeHtml', () => {
  it('drops tags, comments and scripts, decodes references, and remembers where each character came from', () => {
    const source = '<p class="a>b">Tom &amp; Jerry&#x1F42D;</p><!-- note --><script>x="<p>"</script>中文&lt;';
    const decoded = decodeHtml(source);
    expect(decoded.text).toBe('Tom & Jerry🐭中文<');
    const amp = decoded.text.indexOf('&');
    expect(source.slice(decoded.start[amp], decoded.end[amp])).toBe('&amp;');
    const mouse = decoded.text.indexOf('🐭');
    expect(source.slice(decoded.start[mouse], decoded.end[mouse + 1])).toBe('&#x1F42D;');
  });

  it('keeps a lone < or an unknown reference as text', () => {
    expect(decodeHtml('a < b &bogus; c').text).toBe('a < b &bogus; c');
  });
});

describe('align', () => {
  it('maps rendered HTML text nodes onto the source, skipping removed elements', () => {
    const source = '<h2>Tom &amp; Jerry</h2><script>bad()</script><p>中文 <b>粗体</b></p>';
    expect(mapped(source, ['Tom & Jerry', '中文 ', '粗体'], true)).toEqual(['Tom &amp; Jerry', '中文 ', '粗体']);
  });

  it('maps rendered Markdown onto its source around the syntax and escapes', () => {
    const source = '# 标题\n\nSome **bold** and a [link](https://example.org) 🧭, a star \\* here.';
    const pieces = ['标题', '\n', 'Some ', 'bold', ' and a ', 'link', ' 🧭, a star * here.'];
    const result = mapped(source, pieces, false);
    expect(result.slice(0, 6)).toEqual(['标题', '\n', 'Some ', 'bold', ' and a ', 'link']);
    expect(result[6]).toBe(' 🧭, a star * here.');
  });

  it('leaves text it cannot place unmapped instead of pinning it elsewhere', () => {
    expect(mapped('abc', ['xyz'], false)).toEqual(['???']);
  });
});
