import * as api from '../api/client';
import type { Session } from '../app/session';
import { href } from '../app/router';
import { LiveConnection, type LinkState, type Viewer } from '../live/connection';
import { Replica } from '../live/replica';
import type { Envelope } from '../live/model';
import { NotesPanel } from '../reader/notes';
import { ReaderPane } from '../reader/reader';
import type { SourceRange } from '../reader/textmap';
import { h } from '../ui/dom';
import type { Cleanup } from '../main';

/**
 * The reader: the document with its notes, live. Subscribes first, then loads the view, so nothing
 * stored in between is missed; after a drop it fetches what it missed and says so meanwhile.
 */
export async function documentView(main: HTMLElement, session: Session, documentId: string, noteId?: string): Promise<Cleanup> {
  const doc = await api.documentContent(documentId);
  const members = await api.group(doc.groupId).catch(() => null);
  const names = new Map(members?.members.map((m) => [m.username, m.displayName || m.username]) ?? []);
  const name = (u: string) => names.get(u) ?? u;
  const canWrite = session.canWrite(doc.groupId);
  const canReadHistory = session.canReadHistory(doc.groupId);

  let viewers: Viewer[] = [];
  let selected: SourceRange | null = null;
  const replica = new Replica(
    (after) => (canReadHistory ? api.events(documentId, after) as Promise<Envelope[]> : Promise.reject(new Error('no history access'))),
    () => api.view(documentId));

  const reader = new ReaderPane(doc, (id) => select(id));
  const notes = new NotesPanel({ documentId, canWrite, canReadHistory, name, select: (id) => select(id) });
  const state = h('span', { class: 'link-state', role: 'status' }, 'Connecting…');
  const revision = h('span', { class: 'revision' });
  const presence = h('ul', { class: 'presence', 'aria-label': 'In this document now' });
  const annotate = h('button', { type: 'button', class: 'primary annotate', hidden: true, onclick: () => compose() }, 'Add a note to the selection');
  const banner = h('div', { class: 'banner', role: 'alert', hidden: true },
    'Connection lost — reconnecting… Changes by others will appear when it is back; nothing you saved is lost.');
  main.append(h('div', { class: 'doc-page' },
    h('div', { class: 'doc-head' },
      h('div', {}, h('h1', { lang: doc.language || null }, doc.title),
        h('p', { class: 'meta' }, h('a', { href: href({ name: 'home', groupId: doc.groupId }) }, members?.name ?? 'Group'),
          ' · ', doc.format, ' · ', revision, ' · ', state,
          canReadHistory ? h('span', {}, ' · ', h('a', { href: href({ name: 'history', documentId }) }, 'History')) : null,
          canWrite ? null : h('span', { class: 'badge' }, 'read only'))),
      presence),
    banner,
    h('div', { class: 'reader' }, h('div', { class: 'reader-main' }, annotate, reader.element), notes.element)));

  // A repaint rebuilds the text, which would cut short a selection being dragged: wait for the drop.
  let dragging = false;
  let pending = false;
  reader.element.addEventListener('pointerdown', () => { dragging = true; });
  const released = () => {
    dragging = false;
    if (pending) {
      pending = false;
      repaint();
    }
  };
  document.addEventListener('pointerup', released);
  const repaint = () => {
    const view = replica.view;
    if (!view) {
      return;
    }
    if (dragging) {
      pending = true;
      return;
    }
    const placed = reader.place(view.annotations);
    reader.paint(placed, notes.active, viewers, session.me.username);
    notes.update(placed, view);
    revision.textContent = `revision ${view.revision}`;
  };
  replica.onChange(() => repaint());

  function select(id: string | null): void {
    if (id) {
      notes.thread(id);
      history.replaceState(null, '', href({ name: 'document', documentId, annotationId: id }));
    } else {
      notes.list();
      history.replaceState(null, '', href({ name: 'document', documentId }));
    }
    repaint();
    if (id) {
      reader.reveal(id);
      document.getElementById('thread-title')?.focus();
    }
  }

  function compose(): void {
    selected = reader.selection() ?? selected;
    if (selected && canWrite) {
      notes.compose(reader.target(selected), reader.shownText(selected));
      annotate.hidden = true;
    }
  }

  let loaded = false;
  const live = new LiveConnection(documentId, {
    onEnvelope: (e) => void replica.receive(e),
    onPresence: (users) => {
      viewers = users;
      presence.replaceChildren(...users.map((u) => h('li', { title: u.username, class: u.username === session.me.username ? 'me' : '' },
        u.displayName || u.username, u.selection && u.username !== session.me.username ? h('span', { class: 'selecting' }, ' (selecting)') : null)));
      repaint();
    },
    onConnected: async () => {
      // Catch up on whatever was stored while the socket was down; retry while the server is unreachable.
      for (let attempt = 0; ; attempt++) {
        try {
          await (loaded ? replica.resume() : replica.load(await api.view(documentId)));
          loaded = true;
          return;
        } catch {
          await new Promise((r) => setTimeout(r, Math.min(500 * 2 ** attempt, 10_000)));
        }
      }
    },
    onState: (s: LinkState) => {
      state.textContent = s === 'live' ? 'Live' : s === 'connecting' ? 'Connecting…' : 'Reconnecting…';
      state.dataset.state = s;
      banner.hidden = s !== 'reconnecting';
    },
  });
  live.start();
  // Readable before the socket is up, too; the replica ignores the older of the two loads.
  void api.view(documentId).then((view) => replica.load(view));

  let timer: number | undefined;
  const onSelection = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => {
      const next = reader.selection();
      const changed = JSON.stringify(next) !== JSON.stringify(selected);
      selected = next;
      annotate.hidden = !(canWrite && next);
      if (changed) {
        live.select(next ? reader.codePoints(next) : null);
      }
    }, 120);
  };
  document.addEventListener('selectionchange', onSelection);
  if (noteId) {
    notes.thread(noteId);
  }
  return () => {
    document.removeEventListener('selectionchange', onSelection);
    document.removeEventListener('pointerup', released);
    window.clearTimeout(timer);
    void live.stop();
  };
}
