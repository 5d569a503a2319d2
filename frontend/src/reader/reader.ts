import { anchor, describe as describeSelection } from '../anchoring/anchor';
import type { Target } from '../anchoring/selectors';
import { toCodePoints, toUtf16 } from '../anchoring/text';
import type { DocumentContent } from '../api/types';
import type { Annotation } from '../live/model';
import type { Viewer } from '../live/connection';
import { renderDocument } from './render';
import { TextMap, type Paint, type SourceRange } from './textmap';

export interface Placed {
  annotation: Annotation;
  range: SourceRange | null;
}

/**
 * The document as the reader shows it: rendered once, then repainted with the notes' highlights and
 * the other readers' selections whenever they change. The reader's own selection survives a repaint.
 */
export class ReaderPane {
  readonly element: HTMLElement;
  private readonly pristine: DocumentFragment;
  private map: TextMap;
  private anchors = new Map<string, { key: string; range: SourceRange | null }>();
  private marks = new Map<string, HTMLElement>();

  constructor(private readonly doc: DocumentContent, private readonly onOpen: (annotationId: string) => void) {
    this.element = document.createElement('article');
    renderDocument(this.element, doc.format, doc.content);
    this.element.setAttribute('aria-label', `Document: ${doc.title}`);
    if (doc.language) {
      this.element.lang = doc.language;
    }
    this.pristine = document.createDocumentFragment();
    this.element.childNodes.forEach((n) => this.pristine.append(n.cloneNode(true)));
    this.map = new TextMap(this.element, doc.content, doc.format);
    this.element.addEventListener('click', (event) => {
      const mark = (event.target as HTMLElement).closest('mark[data-notes]') as HTMLElement | null;
      if (mark && window.getSelection()?.isCollapsed !== false) {
        this.onOpen(mark.dataset.notes!.split(' ')[0]);
      }
    });
    this.element.addEventListener('keydown', (event) => {
      const mark = (event.target as HTMLElement).closest('mark[data-notes]') as HTMLElement | null;
      if (mark && (event.key === 'Enter' || event.key === ' ')) {
        event.preventDefault();
        this.onOpen(mark.dataset.notes!.split(' ')[0]);
      }
    });
  }

  /** Where each note sits; null for an orphan (its quote is not in the text any more). */
  place(annotations: Annotation[]): Placed[] {
    return annotations.map((annotation) => {
      const key = JSON.stringify(annotation.target);
      let cached = this.anchors.get(annotation.id);
      if (!cached || cached.key !== key) {
        const found = anchor(this.doc.content, annotation.target);
        cached = { key, range: found ? { start: found.start, end: found.end } : null };
        this.anchors.set(annotation.id, cached);
      }
      return { annotation, range: cached.range };
    });
  }

  /** Repaints highlights and peers' selections, keeping this reader's selection where it was. */
  paint(placed: Placed[], activeId: string | null, viewers: Viewer[], me: string): void {
    const kept = this.selection();
    const focused = document.activeElement instanceof HTMLElement && this.element.contains(document.activeElement)
      ? (document.activeElement.dataset.first ?? null) : null;
    this.element.replaceChildren(this.pristine.cloneNode(true));
    const paints: Paint[] = placed.filter((p) => p.range).map((p) => ({
      ...p.range!, key: p.annotation.id, kind: 'note' as const,
    }));
    for (const v of viewers) {
      if (v.username !== me && v.selection && v.selection.end > v.selection.start) {
        paints.push({
          start: toUtf16(this.doc.content, v.selection.start), end: toUtf16(this.doc.content, v.selection.end),
          key: `peer:${v.username}`, kind: 'presence', label: v.displayName || v.username,
        });
      }
    }
    this.marks = new TextMap(this.element, this.doc.content, this.doc.format).paint(paints);
    this.map = new TextMap(this.element, this.doc.content, this.doc.format);
    for (const p of placed) {
      const mark = this.marks.get(p.annotation.id);
      if (!mark) {
        continue;
      }
      mark.tabIndex = 0;
      mark.dataset.first = p.annotation.id;
      mark.setAttribute('role', 'button');
      mark.setAttribute('aria-label', `Open note by ${p.annotation.author}: ${p.annotation.body.text.slice(0, 80)}`);
    }
    this.element.querySelectorAll('mark[data-notes]').forEach((m) => {
      const ids = (m as HTMLElement).dataset.notes!.split(' ');
      const resolved = ids.every((id) => placed.find((p) => p.annotation.id === id)?.annotation.status === 'resolved');
      m.classList.toggle('resolved', resolved);
      m.classList.toggle('active', activeId !== null && ids.includes(activeId));
    });
    if (kept) {
      const range = this.map.toDom(kept);
      if (range) {
        const selection = window.getSelection()!;
        selection.removeAllRanges();
        selection.addRange(range);
      }
    }
    if (focused) {
      this.marks.get(focused)?.focus();
    }
  }

  reveal(annotationId: string): void {
    this.marks.get(annotationId)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }

  /** The reader's current selection inside the document, as a source range. */
  selection(): SourceRange | null {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) {
      return null;
    }
    const range = selection.getRangeAt(0);
    if (!this.element.contains(range.commonAncestorContainer)) {
      return null;
    }
    return this.map.toSource(range);
  }

  /** The selectors for a source range, as the server stores them (code points). */
  target(range: SourceRange): Target {
    return describeSelection(this.doc.content, range.start, range.end);
  }

  /** A source range in code points, as presence reports it. */
  codePoints(range: SourceRange): { start: number; end: number } {
    return { start: toCodePoints(this.doc.content, range.start), end: toCodePoints(this.doc.content, range.end) };
  }

  /** The rendered text a source range shows (what the reader sees, without markup). */
  shownText(range: SourceRange): string {
    const dom = this.map.toDom(range);
    return dom ? dom.toString() : this.doc.content.slice(range.start, range.end);
  }
}
