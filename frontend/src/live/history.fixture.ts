import type { Envelope } from './model';

/** A scripted history of one document, as the server would push it. */
export function history(): Envelope[] {
  const target = {
    selector: [
      { type: 'TextQuoteSelector' as const, exact: '研究', prefix: '', suffix: ' 🧭' },
      { type: 'TextPositionSelector' as const, start: 0, end: 2 },
    ],
  };
  const at = (r: number) => new Date(Date.UTC(2026, 2, 1, 10, 0, r)).toISOString();
  const events: Array<[string, string, Record<string, unknown>]> = [
    ['alice', 'DocumentRegistered', { documentId: 'd1', groupId: 'g', title: 'T', format: 'text', content: '研究 🧭' }],
    ['alice', 'AnnotationAdded', { documentId: 'd1', annotationId: 'a1', target, body: 'note', tags: ['x'], sources: [{ id: 's1', doi: '10.1000/1' }] }],
    ['bob', 'AnnotationAdded', { documentId: 'd1', annotationId: 'a2', target, body: 'second', tags: [], sources: [] }],
    ['bob', 'AnnotationEdited', { documentId: 'd1', annotationId: 'a1', body: 'better note' }],
    ['bob', 'AnnotationTagsChanged', { documentId: 'd1', annotationId: 'a1', added: ['y', 'z'], removed: ['x'] }],
    ['carol', 'ReplyAdded', { documentId: 'd1', annotationId: 'a1', replyId: 'r1', text: '同意 👍' }],
    ['carol', 'SourceLinked', { documentId: 'd1', annotationId: 'a1', source: { id: 's2', url: 'https://example.org' } }],
    ['bob', 'SourceUnlinked', { documentId: 'd1', annotationId: 'a1', sourceId: 's1' }],
    ['bob', 'AnnotationResolved', { documentId: 'd1', annotationId: 'a1' }],
    ['alice', 'AnnotationDeleted', { documentId: 'd1', annotationId: 'a2' }],
    ['alice', 'AnnotationReopened', { documentId: 'd1', annotationId: 'a1' }],
  ];
  return events.map(([actor, type, payload], revision) => ({
    documentId: 'd1', revision, type, actor, timestamp: at(revision),
    annotationId: payload.annotationId as string | undefined, payload,
  }));
}
