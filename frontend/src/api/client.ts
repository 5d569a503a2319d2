import type { Annotation, DocumentView } from '../live/model';
import type { Target } from '../anchoring/selectors';
import { del, get, patch, post, refreshCsrf, request } from './http';
import type {
  AuditPage, Diff, DocumentContent, DocumentSummary, Format, GroupDetail, HistoryEvent, IntegrityReport, Me,
  VerifyProgress,
} from './types';

/** One typed function per REST endpoint the app uses. */

const enc = encodeURIComponent;

export async function login(username: string, password: string): Promise<void> {
  await refreshCsrf();
  await request('POST', '/api/login', new URLSearchParams({ username, password }));
  await refreshCsrf();
}

export async function logout(): Promise<void> {
  await post('/api/logout');
}

export const me = () => get<Me>('/api/me');
export const group = (id: string) => get<GroupDetail>(`/api/groups/${enc(id)}`);
export const documents = (groupId: string) => get<DocumentSummary[]>(`/api/documents?groupId=${enc(groupId)}`);
export const documentContent = (id: string) => get<DocumentContent>(`/api/documents/${enc(id)}`);

export const createDocument = (groupId: string, title: string, format: Format, content: string, language?: string) =>
  post<{ id: string; revision: number }>('/api/documents', { groupId, title, format, content, language: language || undefined });

export function view(id: string, asOf?: number): Promise<DocumentView> {
  const at = asOf === undefined ? '' : `?asOf=${asOf}`;
  return get<DocumentView>(`/api/documents/${enc(id)}/annotations${at}`);
}

export const events = (id: string, after: number, limit = 1000) =>
  get<HistoryEvent[]>(`/api/documents/${enc(id)}/events?after=${after}&limit=${limit}`);

/** Every event of a document, page by page. */
export async function allEvents(id: string): Promise<HistoryEvent[]> {
  const all: HistoryEvent[] = [];
  for (;;) {
    const page = await events(id, all.length - 1);
    all.push(...page);
    if (page.length < 1000) {
      return all;
    }
  }
}

export const diff = (id: string, from: number, to: number) =>
  get<Diff>(`/api/documents/${enc(id)}/diff?from=${from}&to=${to}`);
export const annotationHistory = (id: string, aid: string) =>
  get<HistoryEvent[]>(`/api/documents/${enc(id)}/annotations/${enc(aid)}/history`);

export interface SourceInput {
  url?: string;
  doi?: string;
  citation?: string;
  title?: string;
}

type Revision = { revision: number };
const annotationPath = (id: string, aid: string) => `/api/documents/${enc(id)}/annotations/${enc(aid)}`;

export const addAnnotation = (id: string, body: { target: Target; body: { text: string }; tags: string[]; sources: SourceInput[] }) =>
  post<{ annotationId: string; revision: number }>(`/api/documents/${enc(id)}/annotations`, body);
export const editAnnotation = (id: string, aid: string, change: { body?: { text: string }; tags?: string[]; expectedRevision?: number }) =>
  patch<Revision>(annotationPath(id, aid), change);
export const deleteAnnotation = (id: string, aid: string) => del<Revision>(annotationPath(id, aid));
export const reply = (id: string, aid: string, text: string) =>
  post<{ replyId: string; revision: number }>(`${annotationPath(id, aid)}/replies`, { text });
export const linkSource = (id: string, aid: string, source: SourceInput) =>
  post<{ sourceId: string; revision: number }>(`${annotationPath(id, aid)}/sources`, source);
export const unlinkSource = (id: string, aid: string, sid: string) => del<Revision>(`${annotationPath(id, aid)}/sources/${enc(sid)}`);
export const resolve = (id: string, aid: string) => post<Revision>(`${annotationPath(id, aid)}/resolve`);
export const reopen = (id: string, aid: string) => post<Revision>(`${annotationPath(id, aid)}/reopen`);

export interface AuditFilter {
  groupId?: string;
  documentId?: string;
  actor?: string;
  type?: string;
  from?: string;
  to?: string;
}

export function auditQuery(filter: AuditFilter): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (value) {
      params.set(key, value);
    }
  }
  return params.toString();
}

export const audit = (filter: AuditFilter, page: number, size: number) =>
  get<AuditPage>(`/api/audit?${auditQuery(filter)}&page=${page}&size=${size}`);
export const exportUrl = (filter: AuditFilter, format: 'csv' | 'jsonl') => `/api/audit/export?${auditQuery({ ...filter })}&format=${format}`;
export const verify = (documentId?: string) =>
  post<IntegrityReport>(`/api/audit/verify${documentId ? `?documentId=${enc(documentId)}` : ''}`);
export const verifyProgress = () => get<VerifyProgress>('/api/audit/verify/progress');

export type { Annotation };

export const createGroup = (name: string) => post<{ id: string; name: string }>('/api/groups', { name });
export const setMember = (groupId: string, username: string, role: string) =>
  request<{ revision: number }>('PUT', `/api/groups/${enc(groupId)}/members/${enc(username)}`, { role });
export const removeMember = (groupId: string, username: string) =>
  del<{ revision: number }>(`/api/groups/${enc(groupId)}/members/${enc(username)}`);

export interface TokenInfo {
  id: string;
  name: string;
  created: string;
  lastUsed?: string;
}

export const tokens = () => get<TokenInfo[]>('/api/tokens');
export const createToken = (name: string) => post<{ id: string; name: string; token: string }>('/api/tokens', { name });
export const revokeToken = (id: string) => del<void>(`/api/tokens/${enc(id)}`);
