/** A small element builder. Text is always set as text, never parsed as HTML. */

type Child = Node | string | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.substring(2).toLowerCase(), value as EventListener);
    } else if (key === 'class') {
      el.className = String(value);
    } else if (value === true) {
      el.setAttribute(key, '');
    } else {
      el.setAttribute(key, String(value));
    }
  }
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** When something happened, as a reader says it, with the exact instant on hover. */
export function time(iso: string | undefined, seconds = false): HTMLTimeElement {
  const el = h('time', { datetime: iso ?? '' });
  if (!iso) {
    return el;
  }
  const date = new Date(iso);
  el.textContent = date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: seconds ? 'medium' : 'short' });
  el.title = date.toISOString();
  return el;
}

/** A short-lived message for everyone, including screen readers (the status region is aria-live). */
export function announce(message: string, kind: 'info' | 'error' = 'info'): void {
  const region = document.getElementById('status');
  if (!region) {
    return;
  }
  const line = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, message);
  region.append(line);
  setTimeout(() => line.remove(), kind === 'error' ? 8000 : 4000);
}

export function errorText(e: unknown): string {
  if (e && typeof e === 'object' && 'problem' in e) {
    const p = (e as { problem: { detail?: string; title?: string; errors?: Record<string, string> } }).problem;
    const fields = p.errors ? Object.entries(p.errors).map(([k, v]) => `${k}: ${v}`).join('; ') : '';
    return [p.detail || p.title, fields].filter(Boolean).join(' — ');
  }
  return e instanceof Error ? e.message : String(e);
}
