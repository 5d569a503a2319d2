import type { HistoryEvent } from '../api/types';

/** One event in words, for the history player and its timeline. */
export function describeEvent(e: HistoryEvent): string {
  const p = e.payload;
  const quote = (p.target as { selector?: Array<{ type: string; exact?: string }> } | undefined)
    ?.selector?.find((s) => s.type === 'TextQuoteSelector')?.exact;
  const short = (s: unknown) => {
    const text = String(s ?? '');
    return text.length > 60 ? `${text.slice(0, 60)}…` : text;
  };
  switch (e.type) {
    case 'DocumentRegistered':
      return 'registered the document';
    case 'AnnotationAdded':
      return `added a note on “${short(quote)}”: ${short(p.body)}`;
    case 'AnnotationEdited':
      return p.body != null ? `edited a note: ${short(p.body)}` : 'moved a note';
    case 'AnnotationTagsChanged': {
      const added = (p.added as string[] | undefined) ?? [];
      const removed = (p.removed as string[] | undefined) ?? [];
      return `changed tags${added.length ? ` +${added.join(', +')}` : ''}${removed.length ? ` −${removed.join(', −')}` : ''}`;
    }
    case 'AnnotationDeleted':
      return 'deleted a note';
    case 'ReplyAdded':
      return `replied: ${short(p.text)}`;
    case 'SourceLinked': {
      const s = p.source as { url?: string; doi?: string; citation?: string } | undefined;
      return `linked a source: ${short(s?.doi ? `doi:${s.doi}` : s?.url ?? s?.citation)}`;
    }
    case 'SourceUnlinked':
      return 'removed a source';
    case 'AnnotationResolved':
      return 'resolved a note';
    case 'AnnotationReopened':
      return 'reopened a note';
    default:
      return e.type;
  }
}

export const EVENT_TYPES = ['DocumentRegistered', 'AnnotationAdded', 'AnnotationEdited', 'AnnotationTagsChanged',
  'AnnotationDeleted', 'ReplyAdded', 'SourceLinked', 'SourceUnlinked', 'AnnotationResolved', 'AnnotationReopened',
  'GroupCreated', 'MemberRoleSet', 'MemberRemoved', 'AccountRegistered', 'TokenCreated', 'TokenRevoked'];
