import type { Annotation } from '../live/model';

/** Shapes of the REST API (API.md) that the app reads. */

export type Role = 'OWNER' | 'ANNOTATOR' | 'REVIEWER' | 'AUDITOR';
export type Format = 'text' | 'markdown' | 'html';

export interface Membership {
  id: string;
  name: string;
  role: Role;
}

export interface Me {
  username: string;
  displayName: string;
  roles: string[];
  groups: Membership[];
}

export interface GroupDetail {
  id: string;
  name: string;
  members: Array<{ username: string; displayName: string; role: Role }>;
}

export interface DocumentSummary {
  id: string;
  title: string;
  format: Format;
  language?: string;
  revision: number;
  annotationCount: number;
  updatedAt?: string;
}

export interface DocumentContent {
  id: string;
  groupId: string;
  title: string;
  format: Format;
  language?: string;
  content: string;
  revision: number;
}

/** One stored event as the history feed lists it. */
export interface HistoryEvent {
  documentId: string;
  revision: number;
  type: string;
  actor: string;
  actorName?: string;
  timestamp: string;
  annotationId?: string;
  payload: Record<string, unknown>;
  hash?: string;
  previousHash?: string;
}

export interface Diff {
  from: number;
  to: number;
  added: Annotation[];
  removed: Annotation[];
  changed: Array<{ id: string; before: Annotation; after: Annotation }>;
}

export interface AuditItem {
  revision: number;
  documentId?: string;
  groupId?: string;
  type: string;
  actor: string;
  timestamp: string;
  summary: string;
}

export interface AuditPage {
  items: AuditItem[];
  page: number;
  size: number;
  total: number;
}

export interface IntegrityReport {
  ok: boolean;
  documentsChecked: number;
  groupsChecked?: number;
  accountsChecked?: number;
  eventsChecked: number;
  problems: Array<{ stream?: string; documentId?: string; groupId?: string; revision: number; kind: string; detail?: string }>;
}

export interface VerifyProgress {
  running: boolean;
  eventsChecked: number;
  eventsTotal: number;
  startedAt?: string;
  finishedAt?: string;
  problems?: number;
}
