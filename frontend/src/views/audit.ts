import * as api from '../api/client';
import type { AuditFilter } from '../api/client';
import type { DocumentSummary, IntegrityReport } from '../api/types';
import type { Session } from '../app/session';
import { EVENT_TYPES } from '../reader/describe';
import { announce, errorText, h, time } from '../ui/dom';
import type { Cleanup } from '../main';

const PAGE_SIZE = 25;

/**
 * The audit log for AUDITORs (their groups) and ADMINs (everything): filters, paging, exports, and an
 * integrity check that reads the raw event store and reports progress.
 */
export async function auditView(main: HTMLElement, session: Session): Promise<Cleanup> {
  const groups = session.me.groups.filter((g) => session.canAudit(g.id));
  if (!session.canAudit()) {
    main.append(h('section', { class: 'panel' }, h('h1', {}, 'Audit'), h('p', { role: 'alert' }, 'Only AUDITORs and ADMINs read the audit log.')));
    return () => undefined;
  }
  let stopped = false;
  let filter: AuditFilter = session.admin ? {} : { groupId: groups[0]?.id };
  let page = 0;
  let docs: DocumentSummary[] = [];

  const group = h('select', { id: 'f-group' },
    session.admin ? h('option', { value: '' }, 'All groups') : null,
    ...groups.map((g) => h('option', { value: g.id }, g.name)));
  group.value = filter.groupId ?? '';
  const documentSelect = h('select', { id: 'f-document' }, h('option', { value: '' }, 'All documents'));
  const actor = h('input', { id: 'f-actor', placeholder: 'username', maxlength: 100 });
  const type = h('select', { id: 'f-type' }, h('option', { value: '' }, 'Any change'), ...EVENT_TYPES.map((t) => h('option', { value: t }, t)));
  const from = h('input', { id: 'f-from', type: 'datetime-local' });
  const to = h('input', { id: 'f-to', type: 'datetime-local' });
  const field = (id: string, label: string, input: HTMLElement) => h('span', { class: 'field' }, h('label', { for: id }, label), input);
  const filters = h('form', { class: 'filters', 'aria-label': 'Filters' },
    field('f-group', 'Group', group), field('f-document', 'Document', documentSelect), field('f-actor', 'Actor', actor),
    field('f-type', 'Change', type), field('f-from', 'From', from), field('f-to', 'To', to),
    h('button', { type: 'submit', class: 'primary' }, 'Apply'));
  const csv = h('a', { class: 'button', id: 'export-csv', download: 'margin-audit.csv' }, 'Export CSV');
  const jsonl = h('a', { class: 'button', id: 'export-jsonl', download: 'margin-audit.jsonl' }, 'Export JSON Lines');
  const table = h('tbody');
  const pager = h('p', { class: 'pager' });
  const verifyButton = h('button', { type: 'button', id: 'verify', class: 'primary' }, 'Verify integrity');
  const progress = h('progress', { id: 'verify-progress', max: 1, value: 0, hidden: true, 'aria-label': 'Verification progress' });
  const result = h('div', { id: 'verify-result', 'aria-live': 'polite' });

  main.append(h('div', { class: 'audit' },
    h('h1', {}, 'Audit log'),
    filters,
    h('div', { class: 'toolbar' }, csv, jsonl, h('span', { class: 'spacer' }), verifyButton, progress),
    result,
    h('div', { class: 'table-wrap' }, h('table', { class: 'audit-table' },
      h('caption', { class: 'visually-hidden' }, 'Recorded changes, newest first'),
      h('thead', {}, h('tr', {}, ...['When', 'Actor', 'Change', 'Document', 'Revision', 'Summary'].map((c) => h('th', { scope: 'col' }, c)))),
      table)),
    pager));

  const docTitle = (id?: string) => docs.find((d) => d.id === id)?.title ?? id ?? '';
  const iso = (local: string) => (local ? new Date(local).toISOString() : undefined);

  async function loadDocuments(): Promise<void> {
    docs = group.value ? await api.documents(group.value).catch(() => []) : [];
    documentSelect.replaceChildren(h('option', { value: '' }, 'All documents'), ...docs.map((d) => h('option', { value: d.id }, d.title)));
  }

  async function load(): Promise<void> {
    csv.href = api.exportUrl(filter, 'csv');
    jsonl.href = api.exportUrl(filter, 'jsonl');
    try {
      const answer = await api.audit(filter, page, PAGE_SIZE);
      table.replaceChildren(...answer.items.map((i) => h('tr', {},
        h('td', {}, time(i.timestamp, true)), h('td', {}, i.actor), h('td', {}, i.type),
        h('td', {}, docTitle(i.documentId)), h('td', {}, String(i.revision)), h('td', {}, i.summary))));
      if (answer.items.length === 0) {
        table.append(h('tr', {}, h('td', { colspan: 6 }, 'Nothing recorded matches these filters.')));
      }
      const pages = Math.max(1, Math.ceil(answer.total / PAGE_SIZE));
      pager.replaceChildren(
        h('button', { type: 'button', disabled: page === 0, onclick: () => { page--; void load(); } }, '← Newer'),
        ` Page ${page + 1} of ${pages} · ${answer.total} records `,
        h('button', { type: 'button', disabled: page + 1 >= pages, onclick: () => { page++; void load(); } }, 'Older →'));
    } catch (e) {
      announce(errorText(e), 'error');
    }
  }

  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    filter = { groupId: group.value || undefined, documentId: documentSelect.value || undefined, actor: actor.value.trim() || undefined,
      type: type.value || undefined, from: iso(from.value), to: iso(to.value) };
    page = 0;
    void load();
  });
  group.addEventListener('change', () => void loadDocuments());

  verifyButton.addEventListener('click', async () => {
    verifyButton.disabled = true;
    progress.hidden = false;
    progress.value = 0;
    result.replaceChildren(h('p', {}, 'Verifying…'));
    try {
      const report = await runVerify(filter, docs, (done, total) => {
        progress.max = Math.max(total, 1);
        progress.value = done;
        result.replaceChildren(h('p', {}, `Verifying… ${done} of ${total}`));
      }, () => stopped);
      result.replaceChildren(reportView(report, docTitle));
    } catch (e) {
      result.replaceChildren(h('p', { class: 'error', role: 'alert' }, errorText(e)));
    } finally {
      verifyButton.disabled = false;
      progress.hidden = true;
    }
  });

  await loadDocuments();
  await load();
  return () => {
    stopped = true;
  };
}

/**
 * One document: one call. A group: its documents one by one, counting. Everything (ADMIN): the
 * server's whole-store check, whose progress is polled.
 */
async function runVerify(filter: AuditFilter, docs: DocumentSummary[], onProgress: (done: number, total: number) => void,
  stopped: () => boolean): Promise<IntegrityReport> {
  if (filter.documentId) {
    onProgress(0, 1);
    const report = await api.verify(filter.documentId);
    onProgress(1, 1);
    return report;
  }
  if (filter.groupId) {
    const total: IntegrityReport = { ok: true, documentsChecked: 0, eventsChecked: 0, problems: [] };
    for (const [i, d] of docs.entries()) {
      if (stopped()) {
        break;
      }
      onProgress(i, docs.length);
      const r = await api.verify(d.id);
      total.ok &&= r.ok;
      total.documentsChecked += r.documentsChecked;
      total.eventsChecked += r.eventsChecked;
      total.problems.push(...r.problems);
    }
    onProgress(docs.length, docs.length);
    return total;
  }
  const poll = window.setInterval(async () => {
    try {
      const p = await api.verifyProgress();
      onProgress(p.eventsChecked, p.eventsTotal);
    } catch {
      // progress is a courtesy
    }
  }, 300);
  try {
    return await api.verify();
  } finally {
    window.clearInterval(poll);
  }
}

function reportView(report: IntegrityReport, title: (id?: string) => string): HTMLElement {
  const summary = `${count(report.documentsChecked, 'document')}${report.groupsChecked ? `, ${count(report.groupsChecked, 'group')}` : ''}, ${count(report.eventsChecked, 'event')} checked.`;
  if (report.ok) {
    return h('p', { class: 'ok', role: 'status' }, `✔ Intact: the hash chain of every stream checks out. ${summary}`);
  }
  return h('div', { class: 'problems', role: 'alert' },
    h('p', {}, h('strong', {}, `✘ ${report.problems.length} problems found. `), summary),
    h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'Stream'), h('th', {}, 'Revision'), h('th', {}, 'Problem'))),
      h('tbody', {}, ...report.problems.map((p) => h('tr', {}, h('td', {}, p.documentId ? title(p.documentId) : p.stream ?? p.groupId ?? ''),
        h('td', {}, String(p.revision)), h('td', {}, `${p.kind}${p.detail ? `: ${p.detail}` : ''}`))))));
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
