import * as api from '../api/client';
import type { Session } from '../app/session';
import { href } from '../app/router';
import type { DocumentView } from '../live/model';
import type { Annotation } from '../live/model';
import { describeEvent } from '../reader/describe';
import { NotesPanel } from '../reader/notes';
import { ReaderPane } from '../reader/reader';
import { renderNote } from '../reader/render';
import { errorText, h, time } from '../ui/dom';
import type { Cleanup } from '../main';

const PLAY_STEP_MS = 900;

/**
 * The history player: any revision of the document's notes, as the server rebuilds it (asOf), with who
 * made each step and when; play, pause and step; and a diff between two chosen revisions.
 */
export async function historyView(main: HTMLElement, session: Session, documentId: string, start?: number): Promise<Cleanup> {
  const doc = await api.documentContent(documentId);
  if (!session.canReadHistory(doc.groupId)) {
    main.append(h('section', { class: 'panel' }, h('h1', {}, 'History'), h('p', { role: 'alert' },
      'Your role in this group may not replay history (REVIEWER and above).')));
    return () => undefined;
  }
  const events = await api.allEvents(documentId);
  const last = events.length - 1;
  const members = await api.group(doc.groupId).catch(() => null);
  const names = new Map(members?.members.map((m) => [m.username, m.displayName || m.username]) ?? []);
  const name = (u: string) => names.get(u) ?? u;
  const cache = new Map<number, Promise<DocumentView>>();
  const viewAt = (r: number) => {
    if (!cache.has(r)) {
      cache.set(r, api.view(documentId, r));
    }
    return cache.get(r)!;
  };

  let revision = Math.min(Math.max(start ?? last, 0), last);
  let playing: number | undefined;
  const reader = new ReaderPane(doc, (id) => { notes.thread(id); void show(revision); });
  const notes = new NotesPanel({ documentId, canWrite: false, canReadHistory: true, name, select: (id) => { if (id) notes.thread(id); else notes.list(); void show(revision); } });
  const slider = h('input', { id: 'revision-slider', type: 'range', min: 0, max: last, step: 1, value: revision, 'aria-label': 'Revision' });
  const play = h('button', { type: 'button', id: 'play', 'aria-pressed': 'false' }, '▶ Play');
  const step = h('p', { class: 'step', role: 'status', 'aria-live': 'polite' });
  const timeline = h('ol', { class: 'timeline', 'aria-label': 'Events' }, ...events.map((e) => h('li', { 'data-revision': e.revision },
    h('button', { type: 'button', class: 'link', onclick: () => go(e.revision) },
      h('span', { class: 'rev' }, `#${e.revision}`), ' ', h('strong', {}, e.actorName ?? name(e.actor)), ' ', describeEvent(e)))));

  async function show(r: number): Promise<void> {
    revision = r;
    slider.value = String(r);
    const e = events[r];
    step.replaceChildren(h('span', { class: 'rev' }, `Revision ${r} of ${last}`), ' — ',
      h('strong', {}, e.actorName ?? name(e.actor)), ' ', describeEvent(e), ' — ', time(e.timestamp));
    timeline.querySelectorAll('li').forEach((li) => li.classList.toggle('current', Number(li.dataset.revision) === r));
    history.replaceState(null, '', href({ name: 'history', documentId, revision: r }));
    try {
      const view = await viewAt(r);
      if (revision !== r) {
        return;
      }
      const placed = reader.place(view.annotations);
      reader.paint(placed, notes.active, [], session.me.username);
      notes.update(placed, view);
    } catch (e) {
      step.append(h('span', { class: 'error' }, ` (${errorText(e)})`));
    }
  }

  const go = (r: number) => void show(Math.min(Math.max(r, 0), last));
  const stop = () => {
    window.clearInterval(playing);
    playing = undefined;
    play.textContent = '▶ Play';
    play.setAttribute('aria-pressed', 'false');
  };
  play.addEventListener('click', () => {
    if (playing !== undefined) {
      stop();
      return;
    }
    if (revision >= last) {
      go(0);
    }
    play.textContent = '⏸ Pause';
    play.setAttribute('aria-pressed', 'true');
    playing = window.setInterval(() => (revision >= last ? stop() : go(revision + 1)), PLAY_STEP_MS);
  });
  slider.addEventListener('input', () => go(Number(slider.value)));

  const controls = h('div', { class: 'player', role: 'group', 'aria-label': 'History player' },
    h('button', { type: 'button', onclick: () => go(0), 'aria-label': 'First revision' }, '⏮'),
    h('button', { type: 'button', id: 'step-back', onclick: () => go(revision - 1), 'aria-label': 'Step back' }, '◀ Step'),
    play,
    h('button', { type: 'button', id: 'step-forward', onclick: () => go(revision + 1), 'aria-label': 'Step forward' }, 'Step ▶'),
    h('button', { type: 'button', onclick: () => go(last), 'aria-label': 'Latest revision' }, '⏭'),
    h('label', { for: 'revision-slider', class: 'visually-hidden' }, 'Revision'), slider);

  main.append(h('div', { class: 'doc-page history' },
    h('div', { class: 'doc-head' }, h('div', {}, h('h1', {}, `History: ${doc.title}`),
      h('p', { class: 'meta' }, h('a', { href: href({ name: 'document', documentId }) }, '← Back to the live document'),
        ` · ${events.length} events`))),
    controls, step,
    h('div', { class: 'reader' }, h('div', { class: 'reader-main' }, reader.element), notes.element),
    h('div', { class: 'history-lower' },
      h('section', { class: 'panel' }, h('h2', {}, 'Timeline'), timeline),
      diffPanel(documentId, last, name))));
  await show(revision);
  return stop;
}

function diffPanel(documentId: string, last: number, name: (u: string) => string): HTMLElement {
  const from = h('input', { id: 'diff-from', type: 'number', min: 0, max: last, value: Math.max(0, last - 1) });
  const to = h('input', { id: 'diff-to', type: 'number', min: 0, max: last, value: last });
  const out = h('div', { class: 'diff', 'aria-live': 'polite' });
  const form = h('form', { class: 'row' },
    h('span', {}, h('label', { for: 'diff-from' }, 'From revision'), from),
    h('span', {}, h('label', { for: 'diff-to' }, 'To revision'), to),
    h('button', { type: 'submit' }, 'Compare'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const d = await api.diff(documentId, Number(from.value), Number(to.value));
      const item = (a: Annotation, cls: string, label: string) => {
        const body = h('div', { class: 'note-body' });
        renderNote(body, a.body.text);
        return h('li', { class: cls }, h('strong', {}, label), ` ${name(a.author)}: `, body);
      };
      out.replaceChildren(
        h('p', {}, `${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed between revision ${d.from} and ${d.to}.`),
        h('ul', {}, ...d.added.map((a) => item(a, 'added', '+ added')), ...d.removed.map((a) => item(a, 'removed', '− removed')),
          ...d.changed.map((c) => {
            const before = h('div', { class: 'note-body before' });
            const after = h('div', { class: 'note-body after' });
            renderNote(before, describeChange(c.before));
            renderNote(after, describeChange(c.after));
            return h('li', { class: 'changed' }, h('strong', {}, '~ changed'), h('div', { class: 'sidebyside' },
              h('div', {}, h('span', { class: 'hint' }, 'before'), before), h('div', {}, h('span', { class: 'hint' }, 'after'), after)));
          })));
    } catch (e) {
      out.replaceChildren(h('p', { class: 'error', role: 'alert' }, errorText(e)));
    }
  });
  return h('section', { class: 'panel' }, h('h2', {}, 'Compare two revisions'), form, out);
}

function describeChange(a: Annotation): string {
  const parts = [a.body.text];
  if (a.tags.length) parts.push(`Tags: ${a.tags.join(', ')}`);
  if (a.replies.length) parts.push(`${a.replies.length} replies`);
  if (a.sources.length) parts.push(`${a.sources.length} sources`);
  parts.push(`Status: ${a.status}`);
  return parts.join('\n\n');
}
