import { login } from '../api/client';
import { errorText, h } from '../ui/dom';

export function loginView(main: HTMLElement, done: () => Promise<void>): undefined {
  const username = h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true });
  const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h('form', { class: 'panel narrow', 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title' }, 'Log in to Margin'),
    h('label', { for: 'username' }, 'Username'), username,
    h('label', { for: 'password' }, 'Password'), password,
    error,
    h('button', { type: 'submit', class: 'primary' }, 'Log in'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    try {
      await login(username.value.trim(), password.value);
      await done();
    } catch (e) {
      error.textContent = errorText(e);
      password.select();
    }
  });
  main.append(form);
  username.focus();
  return undefined;
}
