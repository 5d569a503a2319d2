import type { Format } from '../api/types';
import { align, decodeHtml, identity, type Alignment } from './sourcemap';

/** A source range, in UTF-16 indices of the document's stored content. */
export interface SourceRange {
  start: number;
  end: number;
}

/** A range to paint: notes (by id) or another reader's selection. */
export interface Paint extends SourceRange {
  key: string;
  kind: 'note' | 'presence';
  label?: string;
}

/**
 * The reader's text nodes lined up with the stored content. Built after every render, so it always
 * describes the DOM on screen.
 */
export class TextMap {
  readonly nodes: Text[];
  private readonly maps: Alignment[];

  constructor(readonly root: HTMLElement, readonly source: string, format: Format) {
    this.nodes = textNodes(root);
    const decoded = format === 'html' ? decodeHtml(source) : identity(source);
    this.maps = align(this.nodes.map((n) => n.data), decoded);
  }

  /** The source range a DOM range covers, or null when it covers no mapped text of the document. */
  toSource(range: Range): SourceRange | null {
    let start = -1;
    let end = -1;
    this.nodes.forEach((node, n) => {
      if (!range.intersectsNode(node)) {
        return;
      }
      const from = node === range.startContainer ? range.startOffset : 0;
      const to = node === range.endContainer ? range.endOffset : node.data.length;
      const map = this.maps[n];
      for (let k = from; k < to; k++) {
        if (map.start[k] >= 0) {
          if (start < 0) {
            start = map.start[k];
          }
          end = Math.max(end, map.end[k]);
        }
      }
    });
    return start >= 0 && end > start ? { start, end } : null;
  }

  /** A DOM range over a source range (for restoring a selection), or null. */
  toDom(range: SourceRange): Range | null {
    let first: [Text, number] | null = null;
    let last: [Text, number] | null = null;
    this.nodes.forEach((node, n) => {
      const map = this.maps[n];
      for (let k = 0; k < node.data.length; k++) {
        if (map.start[k] >= range.start && map.end[k] <= range.end && map.start[k] >= 0) {
          first ??= [node, k];
          last = [node, k + 1];
        }
      }
    });
    if (!first || !last) {
      return null;
    }
    const dom = document.createRange();
    dom.setStart(first[0], first[1]);
    dom.setEnd(last![0], last![1]);
    return dom;
  }

  /**
   * Wraps painted ranges in <mark> elements: each text node is cut where any range starts or ends, and
   * each piece covered by notes or selections becomes one mark listing them. Overlaps stay visible.
   * Returns the first mark of each key. The map is stale afterwards: build a new one to go on.
   */
  paint(paints: Paint[]): Map<string, HTMLElement> {
    const firsts = new Map<string, HTMLElement>();
    this.nodes.forEach((node, n) => {
      const map = this.maps[n];
      const span = sourceSpan(map);
      const near = span ? paints.filter((p) => p.start < span.end && p.end > span.start) : [];
      const covering = (k: number) => near.filter((p) => map.start[k] >= 0 && map.start[k] >= p.start && map.end[k] <= p.end);
      const pieces: Array<{ from: number; to: number; keys: Paint[] }> = [];
      for (let k = 0; k < node.data.length; k++) {
        const keys = covering(k);
        const previous = pieces[pieces.length - 1];
        if (previous && sameKeys(previous.keys, keys)) {
          previous.to = k + 1;
        } else {
          pieces.push({ from: k, to: k + 1, keys });
        }
      }
      if (pieces.every((p) => p.keys.length === 0)) {
        return;
      }
      const fragment = document.createDocumentFragment();
      for (const piece of pieces) {
        const text = document.createTextNode(node.data.slice(piece.from, piece.to));
        if (piece.keys.length === 0) {
          fragment.append(text);
          continue;
        }
        const mark = document.createElement('mark');
        const notes = piece.keys.filter((p) => p.kind === 'note');
        const viewers = piece.keys.filter((p) => p.kind === 'presence');
        mark.className = [notes.length ? 'hl' : '', viewers.length ? 'peer' : ''].join(' ').trim();
        if (notes.length) {
          mark.dataset.notes = notes.map((p) => p.key).join(' ');
          mark.dataset.depth = String(Math.min(notes.length, 3));
        }
        if (viewers.length) {
          mark.dataset.peers = viewers.map((p) => p.label).join(', ');
          mark.title = `Selected by ${mark.dataset.peers}`;
        }
        mark.append(text);
        fragment.append(mark);
        for (const p of piece.keys) {
          if (!firsts.has(p.key)) {
            firsts.set(p.key, mark);
          }
        }
      }
      node.replaceWith(fragment);
    });
    return firsts;
  }
}

/** The source range a text node was rendered from, or null if none of it is mapped. */
function sourceSpan(map: Alignment): SourceRange | null {
  let start = Infinity;
  let end = -1;
  for (let k = 0; k < map.start.length; k++) {
    if (map.start[k] >= 0) {
      start = Math.min(start, map.start[k]);
      end = Math.max(end, map.end[k]);
    }
  }
  return end < 0 ? null : { start, end };
}

function sameKeys(a: Paint[], b: Paint[]): boolean {
  return a.length === b.length && a.every((p, i) => p === b[i]);
}

function textNodes(root: HTMLElement): Text[] {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    nodes.push(n as Text);
  }
  return nodes;
}
