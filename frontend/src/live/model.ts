import type { Target } from '../anchoring/selectors';

/** The server's shapes (API.md): a document's annotations and the events that change them. */

export interface Source {
  id: string;
  url?: string;
  doi?: string;
  citation?: string;
  title?: string;
}

export interface Reply {
  id: string;
  text: string;
  author: string;
  created: string;
}

export interface Annotation {
  id: string;
  target: Target;
  body: { text: string };
  tags: string[];
  sources: Source[];
  replies: Reply[];
  status: 'open' | 'resolved';
  author: string;
  created: string;
  modified: string;
  createdRevision: number;
  modifiedRevision: number;
}

export interface DocumentView {
  documentId: string;
  revision: number;
  annotations: Annotation[];
}

/** One stored event, as pushed on /topic/documents/{id} and listed by events?after=. */
export interface Envelope {
  documentId: string;
  revision: number;
  type: string;
  actor: string;
  timestamp: string;
  annotationId?: string;
  payload: Record<string, unknown>;
}
