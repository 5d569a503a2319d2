import type { Target } from '../anchoring/selectors';
import type { Annotation, DocumentView, Envelope, Source } from './model';

/**
 * What each event does to a document's annotations: the browser's copy of the server's reducer
 * (DocumentReducer), applied to envelopes in revision order. An envelope at or below the view's
 * revision changes nothing. Pure: it returns a new view and never changes the one it is given.
 */
export function reduce(view: DocumentView, e: Envelope): DocumentView {
  if (e.revision <= view.revision) {
    return view;
  }
  const p = e.payload;
  let annotations = view.annotations;
  switch (e.type) {
    case 'DocumentRegistered':
      annotations = [];
      break;
    case 'AnnotationAdded':
      annotations = [...annotations, {
        id: p.annotationId as string,
        target: p.target as Target,
        body: { text: (p.body as string) ?? '' },
        tags: [...((p.tags as string[]) ?? [])],
        sources: [...((p.sources as Source[]) ?? [])],
        replies: [],
        status: 'open',
        author: e.actor,
        created: e.timestamp,
        modified: e.timestamp,
        createdRevision: e.revision,
        modifiedRevision: e.revision,
      }];
      break;
    case 'AnnotationDeleted':
      annotations = annotations.filter((a) => a.id !== p.annotationId);
      break;
    default:
      annotations = annotations.map((a) => (a.id === p.annotationId ? changed(a, e) : a));
  }
  return { documentId: view.documentId, revision: e.revision, annotations };
}

function changed(a: Annotation, e: Envelope): Annotation {
  const p = e.payload;
  const next: Annotation = { ...a, modified: e.timestamp, modifiedRevision: e.revision };
  switch (e.type) {
    case 'AnnotationEdited':
      if (p.body != null) next.body = { text: p.body as string };
      if (p.target != null) next.target = p.target as Target;
      break;
    case 'AnnotationTagsChanged': {
      const removed = new Set((p.removed as string[]) ?? []);
      next.tags = [...a.tags.filter((t) => !removed.has(t)), ...((p.added as string[]) ?? [])];
      break;
    }
    case 'ReplyAdded':
      next.replies = [...a.replies, { id: p.replyId as string, text: p.text as string, author: e.actor, created: e.timestamp }];
      break;
    case 'SourceLinked':
      next.sources = [...a.sources, p.source as Source];
      break;
    case 'SourceUnlinked':
      next.sources = a.sources.filter((s) => s.id !== p.sourceId);
      break;
    case 'AnnotationResolved':
      next.status = 'resolved';
      break;
    case 'AnnotationReopened':
      next.status = 'open';
      break;
    default:
      return a;
  }
  return next;
}
