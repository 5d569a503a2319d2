/**
 * Offsets in a document's text. The server and the W3C model count Unicode code points; the browser's
 * strings and DOM ranges count UTF-16 code units. An emoji such as 🧭 is one code point but two units,
 * so every offset after it differs. These functions convert between the two, exactly.
 */

/** Length of a string in code points. */
export function codePointLength(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
      }
    }
    count++;
  }
  return count;
}

/** The code-point offset of a UTF-16 index (which must not split a surrogate pair). */
export function toCodePoints(text: string, utf16Index: number): number {
  return codePointLength(text.slice(0, utf16Index));
}

/** The UTF-16 index of a code-point offset; offsets past the end clamp to the end. */
export function toUtf16(text: string, codePoint: number): number {
  let index = 0;
  for (let cp = 0; cp < codePoint && index < text.length; cp++) {
    const unit = text.charCodeAt(index);
    const pair = unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length
      && text.charCodeAt(index + 1) >= 0xdc00 && text.charCodeAt(index + 1) <= 0xdfff;
    index += pair ? 2 : 1;
  }
  return index;
}

/** The last `count` code points before a UTF-16 index. */
export function codePointsBefore(text: string, utf16Index: number, count: number): string {
  let start = utf16Index;
  for (let taken = 0; taken < count && start > 0; taken++) {
    const unit = text.charCodeAt(start - 1);
    start -= unit >= 0xdc00 && unit <= 0xdfff && start >= 2 ? 2 : 1;
  }
  return text.slice(start, utf16Index);
}

/** The first `count` code points from a UTF-16 index. */
export function codePointsAfter(text: string, utf16Index: number, count: number): string {
  const rest = text.slice(utf16Index);
  return rest.slice(0, toUtf16(rest, count));
}
