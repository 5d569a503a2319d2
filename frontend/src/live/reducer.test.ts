import { describe, expect, it } from 'vitest';
import { reduce } from './reducer';
import { history } from './history.fixture';
import type { DocumentView } from './model';

const empty = (): DocumentView => ({ documentId: 'd1', revision: -1, annotations: [] });
const fold = (n: number) => history().slice(0, n).reduce(reduce, empty());

describe('reducer', () => {
  it('applies every kind of event as the server does', () => {
    const view = fold(9);
    const a1 = view.annotations.find((a) => a.id === 'a1')!;
    expect(view.revision).toBe(8);
    expect(a1.body.text).toBe('better note');
    expect(a1.tags).toEqual(['y', 'z']);
    expect(a1.replies).toEqual([{ id: 'r1', text: '同意 👍', author: 'carol', created: history()[5].timestamp }]);
    expect(a1.sources.map((s) => s.id)).toEqual(['s2']);
    expect(a1.status).toBe('resolved');
    expect(a1.author).toBe('alice');
    expect(a1.createdRevision).toBe(1);
    expect(a1.modifiedRevision).toBe(8);
    expect(a1.modified).toBe(history()[8].timestamp);
  });

  it('removes a deleted note and keeps the others in order', () => {
    const view = fold(11);
    expect(view.annotations.map((a) => a.id)).toEqual(['a1']);
    expect(view.annotations[0].status).toBe('open');
  });

  it('ignores an envelope at or below the view revision', () => {
    const view = fold(5);
    for (const old of history().slice(0, 5)) {
      expect(reduce(view, old)).toBe(view);
    }
  });

  it('never changes the view it is given', () => {
    const before = fold(4);
    const copy = JSON.parse(JSON.stringify(before));
    reduce(before, history()[4]);
    expect(before).toEqual(copy);
  });
});
