import { describe as group, expect, it } from 'vitest';
import { anchor, describe } from './anchor';
import { codePointLength, toCodePoints, toUtf16 } from './text';
import { positionOf, quoteOf } from './selectors';

const TEXT = '人工智能治理 🧭 需要透明。研究小组 📎 一起阅读 and annotate together 👩‍🔬.';

function range(text: string, needle: string): [number, number] {
  const start = text.indexOf(needle);
  return [start, start + needle.length];
}

group('offsets', () => {
  it('count an emoji as one code point but two UTF-16 units', () => {
    expect('🧭'.length).toBe(2);
    expect(codePointLength('🧭')).toBe(1);
    const [start] = range(TEXT, '需要透明');
    expect(start).toBe(10);
    expect(toCodePoints(TEXT, start)).toBe(9);
    expect(toUtf16(TEXT, 9)).toBe(10);
  });

  it('round-trip every boundary of a text with astral characters', () => {
    for (let cp = 0; cp <= codePointLength(TEXT); cp++) {
      expect(toCodePoints(TEXT, toUtf16(TEXT, cp))).toBe(cp);
    }
  });
});

group('describe and anchor', () => {
  it('round-trip a selection of Chinese text after an emoji', () => {
    const [start, end] = range(TEXT, '需要透明');
    const target = describe(TEXT, start, end);
    expect(quoteOf(target)).toEqual({
      type: 'TextQuoteSelector',
      exact: '需要透明',
      prefix: '人工智能治理 🧭 ',
      suffix: [...TEXT.slice(end)].slice(0, 32).join(''),
    });
    expect(positionOf(target)).toEqual({ type: 'TextPositionSelector', start: 9, end: 13 });
    expect(anchor(TEXT, target)).toEqual({ start, end, how: 'position' });
  });

  it('round-trip selections that contain emoji, including a joined sequence', () => {
    for (const needle of ['🧭', '📎 一起', 'together 👩‍🔬']) {
      const [start, end] = range(TEXT, needle);
      const found = anchor(TEXT, describe(TEXT, start, end));
      expect(found).not.toBeNull();
      expect(TEXT.slice(found!.start, found!.end)).toBe(needle);
    }
  });

  it('limit context to 32 code points, not 32 UTF-16 units', () => {
    const text = '🧭'.repeat(40) + 'target' + '📎'.repeat(40);
    const [start, end] = range(text, 'target');
    const quote = quoteOf(describe(text, start, end))!;
    expect(codePointLength(quote.prefix!)).toBe(32);
    expect(quote.prefix!.length).toBe(64);
    expect(codePointLength(quote.suffix!)).toBe(32);
  });
});

group('re-anchoring after the text changed', () => {
  it('finds the exact quote when text was inserted before it', () => {
    const [start, end] = range(TEXT, '一起阅读');
    const target = describe(TEXT, start, end);
    const edited = '前言：新增的一段文字。' + TEXT;
    const found = anchor(edited, target)!;
    expect(found.how).toBe('quote');
    expect(edited.slice(found.start, found.end)).toBe('一起阅读');
  });

  it('picks the occurrence whose context matches when the quote repeats', () => {
    const text = '透明 is the first; later we say 需要透明 again, and 透明 once more.';
    const [start, end] = range(text, '需要透明');
    const target = describe(text, start + 2, end);
    const moved = 'Intro 透明. ' + text;
    const found = anchor(moved, target)!;
    expect(moved.slice(found.start - 2, found.end)).toBe('需要透明');
  });

  it('re-anchors fuzzily when the quote itself was slightly edited', () => {
    const text = 'Research groups annotate documents together, replying and linking sources 🧭.';
    const [start, end] = range(text, 'annotate documents together');
    const target = describe(text, start, end);
    const edited = 'Preface. Research groups now annotate documnets together, replying and linking sources 🧭.';
    const found = anchor(edited, target)!;
    expect(found.how).toBe('fuzzy');
    expect(edited.slice(found.start, found.end)).toContain('documnets together');
  });

  it('leaves a note orphaned rather than misplaced when its text is gone', () => {
    const [start, end] = range(TEXT, 'annotate together');
    const target = describe(TEXT, start, end);
    const rewritten = '人工智能治理 🧭 需要透明。这一段已经完全改写了，原来的英文句子不见了。';
    expect(anchor(rewritten, target)).toBeNull();
  });

  it('does not trust a stored position whose text no longer matches', () => {
    const [start, end] = range(TEXT, '研究小组');
    const target = describe(TEXT, start, end);
    const shifted = TEXT.replace('🧭 ', '');
    const found = anchor(shifted, target)!;
    expect(found.how).toBe('quote');
    expect(shifted.slice(found.start, found.end)).toBe('研究小组');
  });
});
