import './app/styles.css';
import { logout } from './api/client';
import { Session } from './app/session';
import { href, parse, type Route } from './app/router';
import { announce, errorText, h } from './ui/dom';
import { loginView } from './views/login';
import { homeView } from './views/home';
import { documentView } from './views/document';
import { historyView } from './views/history';
import { auditView } from './views/audit';
import { tokensView } from './views/tokens';

/** What a view returns: how to stop it (close sockets, timers) when the user goes elsewhere. */
export type Cleanup = () => void;

let session: Session | null = null;
let cleanup: Cleanup | undefined;

async function show(): Promise<void> {
  cleanup?.();
  cleanup = undefined;
  const main = document.getElementById('main')!;
  const route: Route = parse(location.hash);
  if (!session && route.name !== 'login') {
    session = await Session.load();
    if (!session) {
      location.replace(href({ name: 'login' }));
      return;
    }
  }
  header(route);
  main.replaceChildren();
  try {
    switch (route.name) {
      case 'login':
        cleanup = loginView(main, async () => {
          session = await Session.load();
          location.hash = href({ name: 'home' });
        });
        break;
      case 'home':
        cleanup = await homeView(main, session!, route.groupId);
        break;
      case 'document':
        cleanup = await documentView(main, session!, route.documentId, route.annotationId);
        break;
      case 'history':
        cleanup = await historyView(main, session!, route.documentId, route.revision);
        break;
      case 'audit':
        cleanup = await auditView(main, session!);
        break;
      case 'tokens':
        cleanup = await tokensView(main);
        break;
    }
  } catch (e) {
    main.replaceChildren(h('section', { class: 'panel' }, h('h1', {}, 'Cannot show this page'),
      h('p', { role: 'alert' }, errorText(e)), h('p', {}, h('a', { href: href({ name: 'home' }) }, 'Back to your documents'))));
  }
}

function header(route: Route): void {
  const top = document.getElementById('top')!;
  const nav = h('nav', { 'aria-label': 'Main' },
    h('a', { class: 'brand', href: href({ name: 'home' }) }, 'Margin'));
  if (session && route.name !== 'login') {
    nav.append(h('a', { href: href({ name: 'home' }), 'aria-current': route.name === 'home' ? 'page' : null }, 'Documents'));
    if (session.canAudit()) {
      nav.append(h('a', { href: href({ name: 'audit' }), 'aria-current': route.name === 'audit' ? 'page' : null }, 'Audit'));
    }
    nav.append(h('a', { href: href({ name: 'tokens' }), 'aria-current': route.name === 'tokens' ? 'page' : null }, 'API tokens'));
    nav.append(h('span', { class: 'spacer' }),
      h('span', { class: 'who', title: session.me.username }, session.me.displayName || session.me.username),
      h('button', {
        type: 'button', class: 'link', onclick: async () => {
          try {
            await logout();
          } catch (e) {
            announce(errorText(e), 'error');
          }
          session = null;
          location.hash = href({ name: 'login' });
        },
      }, 'Log out'));
  }
  top.replaceChildren(nav);
}

window.addEventListener('hashchange', () => void show());
void show();
