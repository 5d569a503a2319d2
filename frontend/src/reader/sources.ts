import type { SourceInput } from '../api/client';
import type { Source } from '../live/model';
import { h } from '../ui/dom';

/** Sources a note links to: a web address, a DOI (linked to its resolver) or a free citation. */

export type SourceKind = 'url' | 'doi' | 'citation';

const DOI = /^10\.\d{4,9}\/\S+$/;

/** Reads what a user typed as a source; a DOI may be pasted as doi:… or as a resolver link. */
export function parseSource(kind: SourceKind, value: string, title = ''): SourceInput | string {
  const text = value.trim();
  const named = title.trim() ? { title: title.trim() } : {};
  if (!text) {
    return 'Enter the source';
  }
  if (kind === 'doi') {
    const doi = text.replace(/^(doi:\s*|https?:\/\/(dx\.)?doi\.org\/)/i, '');
    return DOI.test(doi) ? { doi, ...named } : 'A DOI looks like 10.1000/xyz123';
  }
  if (kind === 'url') {
    return safeUrl(text) ? { url: text, ...named } : 'Enter a web address starting with http:// or https://';
  }
  return { citation: text, ...named };
}

export function safeUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export function doiLink(doi: string): string {
  return `https://doi.org/${doi.split('/').map((part, i) => (i === 0 ? part : encodeURIComponent(part))).join('/')}`;
}

/** One source as a list item: links only for http(s) addresses and DOIs. */
export function sourceItem(source: Source, remove?: () => void): HTMLLIElement {
  const label = source.title ? `${source.title} — ` : '';
  let body: HTMLElement;
  if (source.doi) {
    body = h('span', {}, label, h('a', { href: doiLink(source.doi), target: '_blank', rel: 'noopener noreferrer' }, `doi:${source.doi}`));
  } else if (source.url && safeUrl(source.url)) {
    body = h('span', {}, label, h('a', { href: source.url, target: '_blank', rel: 'noopener noreferrer nofollow' }, source.url));
  } else {
    body = h('span', {}, label, h('cite', {}, source.citation ?? source.url ?? ''));
  }
  return h('li', { class: 'source' }, body,
    remove ? h('button', { type: 'button', class: 'link small', onclick: remove, 'aria-label': 'Remove this source' }, 'remove') : null);
}

/** A row of inputs for one source, used by the composer and by "add a source". */
export function sourceFields(idPrefix: string): { element: HTMLElement; read: () => SourceInput | string | null } {
  const kind = h('select', { id: `${idPrefix}-kind`, 'aria-label': 'Kind of source' },
    h('option', { value: 'doi' }, 'DOI'), h('option', { value: 'url' }, 'URL'), h('option', { value: 'citation' }, 'Citation'));
  const value = h('input', { id: `${idPrefix}-value`, 'aria-label': 'Source', placeholder: '10.1000/xyz123, https://…, or a citation', maxlength: 2000 });
  const title = h('input', { id: `${idPrefix}-title`, 'aria-label': 'Source title (optional)', placeholder: 'Title (optional)', maxlength: 500 });
  return {
    element: h('div', { class: 'source-fields' }, kind, value, title),
    read: () => (value.value.trim() === '' ? null : parseSource(kind.value as SourceKind, value.value, title.value)),
  };
}
