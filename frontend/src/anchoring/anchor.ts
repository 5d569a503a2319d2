import search from 'approx-string-match';
import { codePointsAfter, codePointsBefore, toCodePoints, toUtf16 } from './text';
import { positionOf, quoteOf, type Target } from './selectors';

/** Code points of context kept either side of a quote, as the server does. */
export const CONTEXT = 32;

/** Where a target sits in the text, in UTF-16 units (for DOM ranges), and how it was found. */
export interface Anchor {
  start: number;
  end: number;
  how: 'position' | 'quote' | 'fuzzy';
}

/** Describes a browser selection (UTF-16 offsets) as the selectors the server expects. */
export function describe(text: string, start: number, end: number): Target {
  return {
    selector: [
      {
        type: 'TextQuoteSelector',
        exact: text.slice(start, end),
        prefix: codePointsBefore(text, start, CONTEXT),
        suffix: codePointsAfter(text, end, CONTEXT),
      },
      { type: 'TextPositionSelector', start: toCodePoints(text, start), end: toCodePoints(text, end) },
    ],
  };
}

/**
 * Finds a target in a text that may have changed since it was made. In order: the stored position, if
 * the quote is still there; the exact quote, the occurrence whose context and position fit best; a
 * fuzzy match of the quote, if it is close enough. Null when none fits: the note is an orphan, shown
 * apart, never pinned to the wrong words.
 */
export function anchor(text: string, target: Target): Anchor | null {
  const quote = quoteOf(target);
  const position = positionOf(target);
  if (position) {
    const start = toUtf16(text, position.start);
    const end = toUtf16(text, position.end);
    if (end > start && (!quote || text.slice(start, end) === quote.exact)) {
      return { start, end, how: 'position' };
    }
  }
  if (!quote || quote.exact.length === 0) {
    return null;
  }
  const hint = position ? toUtf16(text, position.start) : undefined;
  const exact = bestExact(text, quote.exact, quote.prefix ?? '', quote.suffix ?? '', hint);
  if (exact !== null) {
    return { start: exact, end: exact + quote.exact.length, how: 'quote' };
  }
  return fuzzy(text, quote.exact, quote.prefix ?? '', quote.suffix ?? '', hint);
}

function bestExact(text: string, exact: string, prefix: string, suffix: string, hint?: number): number | null {
  let best: number | null = null;
  let bestScore = -Infinity;
  for (let at = text.indexOf(exact); at >= 0; at = text.indexOf(exact, at + 1)) {
    const score = contextScore(text, at, at + exact.length, prefix, suffix) - distancePenalty(at, hint, text.length);
    if (score > bestScore) {
      bestScore = score;
      best = at;
    }
  }
  return best;
}

function fuzzy(text: string, exact: string, prefix: string, suffix: string, hint?: number): Anchor | null {
  const maxErrors = Math.min(32, Math.floor(exact.length / 4));
  if (maxErrors === 0) {
    return null;
  }
  let best: Anchor | null = null;
  let bestScore = -Infinity;
  for (const match of search(text, exact, maxErrors)) {
    const similarity = 1 - match.errors / exact.length;
    const score = 2 * similarity + contextScore(text, match.start, match.end, prefix, suffix)
      - distancePenalty(match.start, hint, text.length);
    if (score > bestScore) {
      bestScore = score;
      best = { start: match.start, end: match.end, how: 'fuzzy' };
    }
  }
  return best;
}

/** 0 to 2: how much of the stored prefix and suffix still surround the range. */
function contextScore(text: string, start: number, end: number, prefix: string, suffix: string): number {
  const before = text.slice(Math.max(0, start - prefix.length), start);
  const after = text.slice(end, end + suffix.length);
  return commonSuffix(before, prefix) / Math.max(1, prefix.length) + commonPrefix(after, suffix) / Math.max(1, suffix.length);
}

function distancePenalty(at: number, hint: number | undefined, length: number): number {
  return hint === undefined ? 0 : Math.abs(at - hint) / Math.max(1, length);
}

function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) {
    n++;
  }
  return n;
}

function commonSuffix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) {
    n++;
  }
  return n;
}
