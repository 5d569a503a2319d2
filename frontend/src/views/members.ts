import * as api from '../api/client';
import type { Role } from '../api/types';
import { announce, errorText, h } from '../ui/dom';

const ROLES: Role[] = ['OWNER', 'ANNOTATOR', 'REVIEWER', 'AUDITOR'];

/** The panel stays open across the re-render that follows each change. */
let open = false;

/** Members and roles of a group, for its OWNERs (and ADMINs): change a role, remove, add by user name. */
export async function membersPanel(groupId: string, me: string, changed: () => void): Promise<HTMLElement> {
  const group = await api.group(groupId);
  const roleSelect = (id: string, value: Role) => {
    const select = h('select', { id }, ...ROLES.map((r) => h('option', { value: r }, r)));
    select.value = value;
    return select;
  };
  const rows = group.members.map((m) => {
    const select = roleSelect(`role-${m.username}`, m.role);
    select.setAttribute('aria-label', `Role of ${m.displayName}`);
    select.addEventListener('change', () => void apply(api.setMember(groupId, m.username, select.value), `${m.displayName} is now ${select.value}`));
    return h('tr', {}, h('td', {}, m.displayName, ' ', h('span', { class: 'role' }, `(${m.username})`)), h('td', {}, select),
      h('td', {}, m.username === me ? null : h('button', {
        type: 'button', class: 'link', 'aria-label': `Remove ${m.displayName}`,
        onclick: () => void apply(api.removeMember(groupId, m.username), `${m.displayName} removed`),
      }, 'remove')));
  });
  const username = h('input', { id: 'new-member', required: true, maxlength: 100, placeholder: 'user name' });
  const role = roleSelect('new-member-role', 'ANNOTATOR');
  const form = h('form', { class: 'row' },
    h('span', {}, h('label', { for: 'new-member' }, 'User name'), username),
    h('span', {}, h('label', { for: 'new-member-role' }, 'Role'), role),
    h('button', { type: 'submit' }, 'Add member'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void apply(api.setMember(groupId, username.value.trim(), role.value), `${username.value.trim()} added as ${role.value}`);
  });

  async function apply(command: Promise<unknown>, done: string): Promise<void> {
    try {
      await command;
      announce(done);
      changed();
    } catch (e) {
      announce(errorText(e), 'error');
    }
  }

  const details = h('details', { open }, h('summary', {}, `Members (${group.members.length})`),
    h('table', { class: 'members' }, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Member'), h('th', { scope: 'col' }, 'Role'), h('th', {}))),
      h('tbody', {}, ...rows)),
    form);
  details.addEventListener('toggle', () => {
    open = details.open;
  });
  return details;
}
