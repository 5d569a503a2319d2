import * as api from '../api/client';
import { ApiError } from '../api/http';
import type { Target } from '../anchoring/selectors';
import { quoteOf } from '../anchoring/selectors';
import type { Annotation, DocumentView } from '../live/model';
import { announce, errorText, h, time } from '../ui/dom';
import type { Placed } from './reader';
import { renderNote } from './render';
import { sourceFields, sourceItem } from './sources';

export interface NotesContext {
  documentId: string;
  canWrite: boolean;
  canReadHistory: boolean;
  name(username: string): string;
  /** The user chose a note (or none): highlight it and show its thread. */
  select(annotationId: string | null): void;
}

type Mode = { kind: 'list' } | { kind: 'compose'; target: Target; quote: string } | { kind: 'thread'; id: string };

/**
 * The side panel: every note of the document (orphans apart), one note's thread, or the composer for
 * a new note. Forms keep what the user typed while co-editors' changes arrive.
 */
export class NotesPanel {
  readonly element = h('aside', { class: 'notes panel', 'aria-label': 'Notes' });
  private mode: Mode = { kind: 'list' };
  private placed: Placed[] = [];
  private view: DocumentView | null = null;
  private forms = new Map<string, HTMLElement>();
  private readonly content = h('div', { class: 'notes-content' });

  constructor(private readonly ctx: NotesContext) {
    this.element.append(this.content);
  }

  get active(): string | null {
    return this.mode.kind === 'thread' ? this.mode.id : null;
  }

  update(placed: Placed[], view: DocumentView): void {
    this.placed = placed;
    this.view = view;
    this.render();
  }

  list(): void {
    this.mode = { kind: 'list' };
    this.forms.clear();
    this.render();
  }

  thread(id: string): void {
    if (this.mode.kind !== 'thread' || this.mode.id !== id) {
      this.forms.clear();
    }
    this.mode = { kind: 'thread', id };
    this.render();
  }

  compose(target: Target, quote: string): void {
    this.mode = { kind: 'compose', target, quote };
    this.forms.clear();
    this.render();
    this.content.querySelector<HTMLTextAreaElement>('#note-body')?.focus();
  }

  /** Rebuilds the panel; whatever had the keyboard focus (and the caret in a field) keeps it. */
  private render(): void {
    const active = document.activeElement as HTMLElement | null;
    const inside = active && this.content.contains(active) ? active : null;
    const key = inside?.id || inside?.dataset.key;
    const caret = inside instanceof HTMLTextAreaElement || inside instanceof HTMLInputElement
      ? [inside.selectionStart, inside.selectionEnd] as const : null;
    this.draw();
    if (!inside) {
      return;
    }
    const target = inside.isConnected ? inside
      : key ? this.content.querySelector<HTMLElement>(`[id="${key}"], [data-key="${key}"]`) : null;
    target?.focus({ preventScroll: true });
    if (caret && target === inside && caret[0] !== null) {
      (inside as HTMLTextAreaElement).setSelectionRange(caret[0], caret[1]);
    }
  }

  private draw(): void {
    const mode = this.mode;
    if (mode.kind === 'compose') {
      this.content.replaceChildren(this.form('composer', () => this.composer(mode.target, mode.quote)));
    } else if (mode.kind === 'thread') {
      this.content.replaceChildren(this.threadView(mode.id));
    } else {
      this.content.replaceChildren(this.listView());
    }
  }

  /** A form is built once per mode and kept across repaints, so typing is never lost. */
  private form(key: string, build: () => HTMLElement): HTMLElement {
    let form = this.forms.get(key);
    if (!form) {
      form = build();
      this.forms.set(key, form);
    }
    return form;
  }

  private listView(): HTMLElement {
    const anchored = this.placed.filter((p) => p.range).sort((a, b) => a.range!.start - b.range!.start);
    const orphans = this.placed.filter((p) => !p.range);
    const open = anchored.filter((p) => p.annotation.status === 'open').length;
    const section = h('section', {},
      h('h2', { tabindex: -1 }, `Notes (${this.placed.length})`),
      h('p', { class: 'hint' }, this.placed.length === 0
        ? (this.ctx.canWrite ? 'Select a passage of the document to add the first note.' : 'No notes yet.')
        : `${open} open, ${anchored.length - open} resolved.`),
      h('ul', { class: 'note-list' }, ...anchored.map((p) => h('li', {}, this.card(p.annotation, true)))));
    if (orphans.length) {
      section.append(h('h3', {}, `Orphaned notes (${orphans.length})`),
        h('p', { class: 'hint' }, 'Their passage is no longer in the text, so they are not pinned anywhere.'),
        h('ul', { class: 'note-list orphans' }, ...orphans.map((p) => h('li', {}, this.card(p.annotation, true)))));
    }
    return section;
  }

  private card(a: Annotation, summary: boolean): HTMLElement {
    const quote = quoteOf(a.target)?.exact ?? '';
    const body = h('div', { class: 'note-body' });
    renderNote(body, a.body.text);
    const card = h('article', { class: `note ${a.status}`, 'data-note': a.id },
      h('blockquote', { class: 'quote' }, quote.length > 160 ? `${quote.slice(0, 160)}…` : quote),
      body,
      a.tags.length ? h('ul', { class: 'tags', 'aria-label': 'Tags' }, ...a.tags.map((t) => h('li', { class: 'tag' }, t))) : null,
      summary && a.sources.length ? h('ul', { class: 'sources', 'aria-label': 'Sources' }, ...a.sources.map((s) => sourceItem(s))) : null,
      h('p', { class: 'meta' }, h('span', { class: 'author' }, this.ctx.name(a.author)), ' · ', time(a.created),
        a.modified !== a.created ? h('span', {}, ' · updated ', time(a.modified)) : null,
        a.status === 'resolved' ? h('span', { class: 'badge' }, 'resolved') : null,
        summary && a.replies.length ? h('span', { class: 'count' }, ` · ${a.replies.length} ${a.replies.length === 1 ? 'reply' : 'replies'}`) : null));
    if (summary) {
      card.append(h('button', { type: 'button', class: 'link open-thread', 'data-key': `open-${a.id}`, onclick: () => this.ctx.select(a.id) }, 'Open thread'));
      card.addEventListener('click', (event) => {
        if (!(event.target as HTMLElement).closest('a, button')) {
          this.ctx.select(a.id);
        }
      });
    }
    return card;
  }

  private threadView(id: string): HTMLElement {
    const a = this.view?.annotations.find((x) => x.id === id);
    const back = h('button', { type: 'button', class: 'link', 'data-key': 'back', onclick: () => this.ctx.select(null) }, '← All notes');
    if (!a) {
      return h('section', {}, back, h('h2', { tabindex: -1 }, 'Note'),
        h('p', { class: 'hint' }, this.view ? 'This note was deleted or is not loaded yet.' : 'Loading…'));
    }
    const section = h('section', { class: 'thread', 'aria-labelledby': 'thread-title' }, back,
      h('h2', { id: 'thread-title', tabindex: -1 }, `Note by ${this.ctx.name(a.author)}`));
    const editing = this.forms.get('edit');
    section.append(editing ?? this.card(a, false));
    section.append(h('h3', {}, 'Sources'));
    section.append(a.sources.length
      ? h('ul', { class: 'sources' }, ...a.sources.map((s) => sourceItem(s, this.ctx.canWrite ? () => this.run(api.unlinkSource(this.ctx.documentId, a.id, s.id), 'Source removed') : undefined)))
      : h('p', { class: 'hint' }, 'No sources.'));
    if (this.ctx.canWrite) {
      section.append(this.form('source', () => this.sourceForm(a.id)));
      section.append(this.actions(a));
    }
    section.append(h('h3', {}, `Replies (${a.replies.length})`),
      h('ol', { class: 'replies' }, ...a.replies.map((r) => {
        const body = h('div', { class: 'note-body' });
        renderNote(body, r.text);
        return h('li', { class: 'reply' }, body, h('p', { class: 'meta' }, h('span', { class: 'author' }, this.ctx.name(r.author)), ' · ', time(r.created)));
      })));
    if (this.ctx.canWrite) {
      section.append(this.form('reply', () => this.replyForm(a.id)));
    }
    return section;
  }

  private actions(a: Annotation): HTMLElement {
    const bar = h('div', { class: 'actions' });
    if (!this.forms.has('edit')) {
      bar.append(h('button', { type: 'button', 'data-key': 'edit', onclick: () => this.startEdit(a) }, 'Edit'));
    }
    bar.append(a.status === 'open'
      ? h('button', { type: 'button', 'data-key': 'status', onclick: () => this.run(api.resolve(this.ctx.documentId, a.id), 'Note resolved') }, 'Resolve')
      : h('button', { type: 'button', 'data-key': 'status', onclick: () => this.run(api.reopen(this.ctx.documentId, a.id), 'Note reopened') }, 'Reopen'));
    const remove = h('button', { type: 'button', class: 'danger', 'data-key': 'delete' }, 'Delete');
    remove.addEventListener('click', () => {
      const confirm = h('span', { class: 'confirm', role: 'group', 'aria-label': 'Confirm deletion' }, 'Delete this note? ',
        h('button', { type: 'button', class: 'danger', onclick: () => this.run(api.deleteAnnotation(this.ctx.documentId, a.id), 'Note deleted').then(() => this.ctx.select(null)) }, 'Yes, delete'),
        h('button', { type: 'button', onclick: () => confirm.replaceWith(remove) }, 'Keep it'));
      remove.replaceWith(confirm);
      (confirm.querySelector('button') as HTMLButtonElement).focus();
    });
    bar.append(remove);
    return bar;
  }

  private startEdit(a: Annotation): void {
    const base = { revision: this.view!.revision, text: a.body.text };
    const text = h('textarea', { id: 'edit-body', rows: 5, 'aria-label': 'Note (Markdown)' });
    text.value = a.body.text;
    const tags = h('input', { id: 'edit-tags', 'aria-label': 'Tags, separated by commas' });
    tags.value = a.tags.join(', ');
    const conflict = h('div', { class: 'conflict', role: 'alert', hidden: true });
    const form = h('form', { class: 'edit' }, h('label', { for: 'edit-body' }, 'Note (Markdown)'), text,
      h('label', { for: 'edit-tags' }, 'Tags'), tags, conflict,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Save'),
        h('button', { type: 'button', onclick: () => this.stopEdit() }, 'Cancel')));
    const save = async (expectedRevision: number) => {
      const newTags = splitTags(tags.value);
      const change = {
        body: text.value !== base.text ? { text: text.value } : undefined,
        tags: newTags.join('\u0000') !== a.tags.join('\u0000') ? newTags : undefined,
        expectedRevision,
      };
      if (!change.body && !change.tags) {
        this.stopEdit();
        return;
      }
      try {
        await api.editAnnotation(this.ctx.documentId, a.id, change);
        announce('Note saved');
        this.stopEdit();
      } catch (e) {
        if (e instanceof ApiError && e.status === 409) {
          await this.showConflict(conflict, a.id, base.text, (revision) => save(revision));
        } else {
          announce(errorText(e), 'error');
        }
      }
    };
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void save(base.revision);
    });
    this.forms.set('edit', form);
    this.render();
    text.focus();
  }

  /** Someone else changed the note since editing began: show their version, keep ours, offer both ways. */
  private async showConflict(box: HTMLElement, id: string, before: string, retry: (revision: number) => Promise<void>): Promise<void> {
    const current = this.view?.annotations.find((x) => x.id === id);
    let who = 'Someone else';
    if (this.ctx.canReadHistory) {
      try {
        const edits = (await api.annotationHistory(this.ctx.documentId, id)).filter((e) => e.type === 'AnnotationEdited');
        const last = edits[edits.length - 1];
        if (last) {
          who = `${last.actorName ?? last.actor} (${new Date(last.timestamp).toLocaleTimeString()})`;
        }
      } catch {
        // the name is a courtesy; the conflict is shown either way
      }
    }
    const theirs = h('div', { class: 'note-body theirs' });
    renderNote(theirs, current?.body.text ?? '(deleted)');
    box.replaceChildren(
      h('p', {}, h('strong', {}, 'Conflict: '), `${who} changed this note while you were editing it.`),
      h('p', { class: 'hint' }, 'Their version (now stored):'), theirs,
      h('p', { class: 'hint' }, before === current?.body.text ? '' : 'Your text is still in the editor above.'),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'primary', onclick: () => retry(this.view!.revision) }, 'Save mine anyway'),
        h('button', { type: 'button', onclick: () => this.stopEdit() }, 'Keep theirs')));
    box.hidden = false;
  }

  private stopEdit(): void {
    this.forms.delete('edit');
    this.render();
  }

  private replyForm(id: string): HTMLElement {
    const text = h('textarea', { id: 'reply-text', rows: 3, required: true, maxlength: 10000 });
    const form = h('form', { class: 'reply-form' }, h('label', { for: 'reply-text' }, 'Reply (Markdown)'), text,
      h('button', { type: 'submit', class: 'primary' }, 'Reply'));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (await this.run(api.reply(this.ctx.documentId, id, text.value), 'Reply added')) {
        text.value = '';
      }
    });
    return form;
  }

  private sourceForm(id: string): HTMLElement {
    const fields = sourceFields('add-source');
    const error = h('p', { class: 'error', role: 'alert' });
    const form = h('form', { class: 'source-form' }, h('span', { class: 'label' }, 'Add a source'), fields.element, error,
      h('button', { type: 'submit' }, 'Add source'));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const source = fields.read();
      error.textContent = typeof source === 'string' ? source : source === null ? 'Enter the source' : '';
      if (source && typeof source !== 'string' && await this.run(api.linkSource(this.ctx.documentId, id, source), 'Source added')) {
        form.reset();
      }
    });
    return form;
  }

  private composer(target: Target, quote: string): HTMLElement {
    const body = h('textarea', { id: 'note-body', rows: 5, maxlength: 20000 });
    const tags = h('input', { id: 'note-tags', placeholder: 'e.g. method, 政策', maxlength: 1000 });
    const rows = h('div', { class: 'source-rows' });
    const readers: Array<() => ReturnType<ReturnType<typeof sourceFields>['read']>> = [];
    const addRow = () => {
      const fields = sourceFields(`note-source-${readers.length}`);
      readers.push(fields.read);
      rows.append(fields.element);
    };
    addRow();
    const error = h('p', { class: 'error', role: 'alert' });
    const form = h('form', { class: 'composer', 'aria-labelledby': 'composer-title' },
      h('h2', { id: 'composer-title' }, 'New note'),
      h('blockquote', { class: 'quote' }, quote),
      h('label', { for: 'note-body' }, 'Note (Markdown)'), body,
      h('label', { for: 'note-tags' }, 'Tags, separated by commas'), tags,
      h('span', { class: 'label' }, 'Sources'), rows,
      h('button', { type: 'button', class: 'link', onclick: addRow }, '+ another source'),
      error,
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'primary' }, 'Save note'),
        h('button', { type: 'button', onclick: () => this.ctx.select(null) }, 'Cancel')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const sources = readers.map((read) => read()).filter((s) => s !== null);
      const invalid = sources.find((s) => typeof s === 'string');
      if (invalid) {
        error.textContent = invalid as string;
        return;
      }
      error.textContent = '';
      try {
        const created = await api.addAnnotation(this.ctx.documentId, {
          target, body: { text: body.value }, tags: splitTags(tags.value), sources: sources as api.SourceInput[],
        });
        announce('Note added');
        this.ctx.select(created.annotationId);
      } catch (e) {
        error.textContent = errorText(e);
      }
    });
    return form;
  }

  /** Runs a command; says what happened. True when it was stored. */
  private async run(command: Promise<unknown>, done: string): Promise<boolean> {
    try {
      await command;
      announce(done);
      return true;
    } catch (e) {
      announce(errorText(e), 'error');
      return false;
    }
  }
}

export function splitTags(text: string): string[] {
  return [...new Set(text.split(/[,，、]/).map((t) => t.trim()).filter(Boolean))];
}
