/** Hash routes: each names a view and its parameters, so every screen has a link of its own. */

export type Route =
  | { name: 'login' }
  | { name: 'home'; groupId?: string }
  | { name: 'document'; documentId: string; annotationId?: string }
  | { name: 'history'; documentId: string; revision?: number }
  | { name: 'audit' }
  | { name: 'tokens' };

export function parse(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  const [pathname, query = ''] = path.split('?');
  const params = new URLSearchParams(query);
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'login') {
    return { name: 'login' };
  }
  if (parts[0] === 'audit') {
    return { name: 'audit' };
  }
  if (parts[0] === 'tokens') {
    return { name: 'tokens' };
  }
  if (parts[0] === 'groups' && parts[1]) {
    return { name: 'home', groupId: parts[1] };
  }
  if (parts[0] === 'documents' && parts[1]) {
    if (parts[2] === 'history') {
      const r = params.get('revision');
      return { name: 'history', documentId: parts[1], revision: r === null ? undefined : Number(r) };
    }
    return { name: 'document', documentId: parts[1], annotationId: params.get('note') ?? undefined };
  }
  return { name: 'home' };
}

export function href(route: Route): string {
  switch (route.name) {
    case 'login':
      return '#/login';
    case 'audit':
      return '#/audit';
    case 'tokens':
      return '#/tokens';
    case 'home':
      return route.groupId ? `#/groups/${encodeURIComponent(route.groupId)}` : '#/';
    case 'document':
      return `#/documents/${encodeURIComponent(route.documentId)}${route.annotationId ? `?note=${encodeURIComponent(route.annotationId)}` : ''}`;
    case 'history':
      return `#/documents/${encodeURIComponent(route.documentId)}/history${route.revision === undefined ? '' : `?revision=${route.revision}`}`;
  }
}
