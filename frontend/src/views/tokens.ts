import * as api from '../api/client';
import { announce, errorText, h, time } from '../ui/dom';

/** The user's API tokens for scripts: create one (shown once), see when each was last used, revoke. */
export async function tokensView(main: HTMLElement): Promise<undefined> {
  const list = h('tbody');
  const fresh = h('div', { class: 'fresh-token', 'aria-live': 'polite' });
  const name = h('input', { id: 'token-name', required: true, maxlength: 100, placeholder: 'e.g. import script' });
  const form = h('form', { class: 'row' }, h('span', {}, h('label', { for: 'token-name' }, 'Name'), name),
    h('button', { type: 'submit', class: 'primary' }, 'Create token'));

  async function load(): Promise<void> {
    const all = await api.tokens();
    list.replaceChildren(...all.map((t) => h('tr', {}, h('td', {}, t.name), h('td', {}, time(t.created)),
      h('td', {}, t.lastUsed ? time(t.lastUsed) : 'never'),
      h('td', {}, h('button', {
        type: 'button', class: 'danger', 'aria-label': `Revoke ${t.name}`, onclick: async () => {
          try {
            await api.revokeToken(t.id);
            announce(`Token ${t.name} revoked`);
            await load();
          } catch (e) {
            announce(errorText(e), 'error');
          }
        },
      }, 'Revoke')))));
    if (all.length === 0) {
      list.append(h('tr', {}, h('td', { colspan: 4 }, 'No tokens.')));
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const created = await api.createToken(name.value.trim());
      const value = h('input', { id: 'new-token', readonly: true, value: created.token, 'aria-label': 'The new token', size: 50 });
      fresh.replaceChildren(h('p', {}, h('strong', {}, `Token “${created.name}” created. `),
        'Copy it now: it is shown only once. Scripts send it as ', h('code', {}, 'Authorization: Bearer …'), '.'), value);
      value.select();
      form.reset();
      await load();
    } catch (e) {
      announce(errorText(e), 'error');
    }
  });

  main.append(h('section', { class: 'panel' }, h('h1', {}, 'API tokens'),
    h('p', { class: 'hint' }, 'A token acts as you, with your roles, for scripts and other tools. Revoke it when it is no longer needed; its open live connections close too.'),
    form, fresh,
    h('table', {}, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Created'),
      h('th', { scope: 'col' }, 'Last used'), h('th', {}))), list)));
  await load();
  return undefined;
}
