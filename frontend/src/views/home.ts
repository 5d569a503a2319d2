import { createDocument, createGroup, documents } from '../api/client';
import type { Format } from '../api/types';
import type { Session } from '../app/session';
import { href } from '../app/router';
import { announce, errorText, h, time } from '../ui/dom';
import { membersPanel } from './members';

/** The user's groups, and the documents of the chosen one; writers may add a document. */
export async function homeView(main: HTMLElement, session: Session, groupId?: string): Promise<undefined> {
  const groups = session.me.groups;
  const chosen = groupId ?? groups[0]?.id;
  const groupList = h('ul', { class: 'groups' }, ...groups.map((g) => h('li', {},
    h('a', { href: href({ name: 'home', groupId: g.id }), 'aria-current': g.id === chosen ? 'page' : null },
      g.name, ' ', h('span', { class: 'role' }, g.role.toLowerCase())))));
  const aside = h('aside', { class: 'panel', 'aria-labelledby': 'groups-title' },
    h('h2', { id: 'groups-title' }, 'Your groups'),
    groups.length ? groupList : h('p', {}, 'You are not in any group yet. Ask a group owner to add you.'));
  aside.append(newGroupForm());
  const section = h('section', { class: 'panel', 'aria-labelledby': 'docs-title' });
  main.append(h('div', { class: 'home' }, aside, section));
  if (!chosen) {
    section.append(h('h1', { id: 'docs-title' }, 'Documents'));
    return undefined;
  }
  const name = groups.find((g) => g.id === chosen)?.name ?? 'Group';
  const list = await documents(chosen);
  section.append(h('h1', { id: 'docs-title' }, `Documents of ${name}`));
  section.append(list.length === 0 ? h('p', {}, 'No documents yet.') : h('table', { class: 'docs' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Title'), h('th', { scope: 'col' }, 'Format'),
      h('th', { scope: 'col' }, 'Notes'), h('th', { scope: 'col' }, 'Updated'))),
    h('tbody', {}, ...list.map((d) => h('tr', {},
      h('td', {}, h('a', { href: href({ name: 'document', documentId: d.id }), lang: d.language || null }, d.title)),
      h('td', {}, d.format), h('td', {}, String(d.annotationCount)), h('td', {}, time(d.updatedAt)))))));
  if (session.canWrite(chosen)) {
    section.append(newDocumentForm(chosen));
  }
  if (session.admin || session.roleIn(chosen) === 'OWNER') {
    section.append(await membersPanel(chosen, session.me.username, () => window.dispatchEvent(new HashChangeEvent('hashchange'))));
  }
  return undefined;
}

/** Anyone may start a group, and becomes its OWNER. */
function newGroupForm(): HTMLElement {
  const name = h('input', { id: 'group-name', required: true, maxlength: 200 });
  const form = h('form', { class: 'new-doc new-group' }, h('label', { for: 'group-name' }, 'Name'), name,
    h('button', { type: 'submit' }, 'Create group'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const created = await createGroup(name.value.trim());
      location.hash = href({ name: 'home', groupId: created.id });
      location.reload();
    } catch (e) {
      announce(errorText(e), 'error');
    }
  });
  return h('details', {}, h('summary', {}, 'New group'), form);
}

function newDocumentForm(groupId: string): HTMLElement {
  const title = h('input', { id: 'doc-title', required: true, maxlength: 300 });
  const format = h('select', { id: 'doc-format' }, ...(['text', 'markdown', 'html'] as Format[]).map((f) => h('option', { value: f }, f)));
  const language = h('input', { id: 'doc-language', placeholder: 'e.g. zh, en', maxlength: 35 });
  const content = h('textarea', { id: 'doc-content', rows: 8, required: true });
  const form = h('form', { class: 'new-doc' },
    h('h2', {}, 'Add a document'),
    h('label', { for: 'doc-title' }, 'Title'), title,
    h('div', { class: 'row' },
      h('span', {}, h('label', { for: 'doc-format' }, 'Format'), format),
      h('span', {}, h('label', { for: 'doc-language' }, 'Language'), language)),
    h('label', { for: 'doc-content' }, 'Content'), content,
    h('button', { type: 'submit', class: 'primary' }, 'Add document'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const created = await createDocument(groupId, title.value.trim(), format.value as Format, content.value, language.value.trim());
      location.hash = href({ name: 'document', documentId: created.id });
    } catch (e) {
      announce(errorText(e), 'error');
    }
  });
  return h('details', {}, h('summary', {}, 'Add a document'), form);
}
