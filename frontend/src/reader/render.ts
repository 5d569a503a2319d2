import DOMPurify from 'dompurify';
import { marked } from 'marked';
import type { Format } from '../api/types';

/**
 * Turns stored content into the reader's DOM. Nothing from a document or a note is ever run: HTML and
 * rendered Markdown go through DOMPurify (no scripts, no event handlers, no styles, no forms), and
 * plain text is only ever set as text. The server's Content-Security-Policy forbids inline scripts too.
 */

const DOCUMENT_POLICY = {
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'option', 'iframe', 'object', 'embed'],
  FORBID_ATTR: ['style', 'srcset', 'action', 'formaction'],
  ALLOW_DATA_ATTR: false,
};

const NOTE_POLICY = {
  ALLOWED_TAGS: ['p', 'br', 'em', 'strong', 'del', 'code', 'pre', 'a', 'ul', 'ol', 'li', 'blockquote', 'h1', 'h2',
    'h3', 'h4', 'hr'],
  ALLOWED_ATTR: ['href', 'title'],
};

let hooked = false;

function purifier(): typeof DOMPurify {
  if (!hooked) {
    DOMPurify.addHook('afterSanitizeAttributes', (node) => {
      if (node instanceof HTMLAnchorElement) {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer nofollow');
      }
      if (node instanceof HTMLImageElement) {
        node.setAttribute('referrerpolicy', 'no-referrer');
        node.setAttribute('loading', 'lazy');
      }
    });
    hooked = true;
  }
  return DOMPurify;
}

/** Fills `root` with the document, rendered and sanitised. */
export function renderDocument(root: HTMLElement, format: Format, content: string): void {
  root.replaceChildren();
  root.className = `doc doc-${format}`;
  if (format === 'text') {
    root.append(document.createTextNode(content));
    return;
  }
  const html = format === 'markdown' ? (marked.parse(content, { async: false, gfm: true }) as string) : content;
  root.append(purifier().sanitize(html, { ...DOCUMENT_POLICY, RETURN_DOM_FRAGMENT: true }));
}

/** A note's or a reply's Markdown as safe HTML: a small set of inline and block tags, links open apart. */
export function renderNote(root: HTMLElement, markdown: string): void {
  const html = marked.parse(markdown, { async: false, gfm: true, breaks: true }) as string;
  root.replaceChildren(purifier().sanitize(html, { ...NOTE_POLICY, RETURN_DOM_FRAGMENT: true }));
}
