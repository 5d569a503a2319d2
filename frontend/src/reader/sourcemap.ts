/**
 * Where each character the reader shows comes from in the document's stored content. Selectors count
 * positions in the stored content (for HTML and Markdown that includes the markup), while the browser
 * shows rendered text. These pure functions line the rendered text up with the source, so a selection
 * can be turned into selectors and a stored selector into a highlight.
 */

/** For each UTF-16 unit of a text: the source range [start, end) it was rendered from, or -1. */
export interface Alignment {
  start: Int32Array;
  end: Int32Array;
}

/** The text of an HTML source as a browser shows it (tags dropped, entities decoded), unit by unit. */
export interface Decoded {
  text: string;
  start: number[];
  end: number[];
}

const ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', copy: '©', reg: '®', hellip: '…',
  mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', middot: '·', times: '×',
};
const RAW_TEXT = /^<(script|style|textarea|title|noscript|template|iframe|noembed|noframes|xmp)\b/i;

/** Drops tags, comments and the insides of script-like elements; decodes character references. */
export function decodeHtml(source: string): Decoded {
  const out: Decoded = { text: '', start: [], end: [] };
  const chars: string[] = [];
  const emit = (text: string, from: number, to: number) => {
    for (let k = 0; k < text.length; k++) {
      chars.push(text[k]);
      out.start.push(from);
      out.end.push(to);
    }
  };
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === '<') {
      const end = tagEnd(source, i);
      if (end > i) {
        const raw = RAW_TEXT.exec(source.slice(i, i + 12));
        if (raw) {
          const close = source.toLowerCase().indexOf(`</${raw[1].toLowerCase()}`, end);
          i = close < 0 ? source.length : Math.max(tagEnd(source, close), close + 1);
        } else {
          i = end;
        }
        continue;
      }
    } else if (c === '&') {
      const ref = /^&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});/.exec(source.slice(i, i + 12));
      const decoded = ref ? characterReference(ref[1]) : null;
      if (ref && decoded !== null) {
        emit(decoded, i, i + ref[0].length);
        i += ref[0].length;
        continue;
      }
    }
    emit(c, i, i + 1);
    i++;
  }
  out.text = chars.join('');
  return out;
}

/** The index after a tag or comment starting at `at`, or `at` when the '<' is just text. */
function tagEnd(source: string, at: number): number {
  if (source.startsWith('<!--', at)) {
    const close = source.indexOf('-->', at + 4);
    return close < 0 ? source.length : close + 3;
  }
  if (!/^<[a-zA-Z/!?]/.test(source.slice(at, at + 2))) {
    return at;
  }
  let quote: string | null = null;
  for (let k = at + 1; k < source.length; k++) {
    const c = source[k];
    if (quote) {
      if (c === quote) {
        quote = null;
      }
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      return k + 1;
    }
  }
  return source.length;
}

function characterReference(name: string): string | null {
  if (name.startsWith('#')) {
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : null;
  }
  return ENTITIES[name] ?? null;
}

/** The identity decoding, for plain text and Markdown (whose rendered text is a subsequence of it). */
export function identity(source: string): Decoded {
  const start = Array.from({ length: source.length }, (_, k) => k);
  return { text: source, start, end: start.map((k) => k + 1) };
}

const WINDOW = 64;

/**
 * Lines rendered text pieces (the reader's text nodes, in document order) up with a decoded source.
 * A piece found whole after the cursor maps one to one; otherwise each of its characters is looked for
 * a short way ahead (Markdown escapes and markup between characters), and a character that cannot be
 * found stays unmapped (-1) rather than being pinned to the wrong place.
 */
export function align(pieces: string[], decoded: Decoded): Alignment[] {
  const { text } = decoded;
  let cursor = 0;
  return pieces.map((piece) => {
    const start = new Int32Array(piece.length).fill(-1);
    const end = new Int32Array(piece.length).fill(-1);
    const whole = text.indexOf(piece, cursor);
    const blank = piece.trim() === '';
    if (whole >= 0 && (!blank || whole - cursor <= WINDOW)) {
      for (let k = 0; k < piece.length; k++) {
        start[k] = decoded.start[whole + k];
        end[k] = decoded.end[whole + k];
      }
      cursor = whole + piece.length;
      return { start, end };
    }
    for (let k = 0; k < piece.length; k++) {
      const found = text.indexOf(piece[k], cursor);
      if (found >= 0 && found - cursor <= WINDOW) {
        start[k] = decoded.start[found];
        end[k] = decoded.end[found];
        cursor = found + 1;
      }
    }
    return { start, end };
  });
}
