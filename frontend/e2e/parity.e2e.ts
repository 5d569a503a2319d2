import { beforeAll, describe, expect, it } from 'vitest';
import { reduce } from '../src/live/reducer';
import type { DocumentView, Envelope } from '../src/live/model';
import { annotate, createDocument, currentView, rest, team } from './support';

const CONTENT = '第一段：开放科学 🔬 促进知识共享。Second paragraph on open science and shared knowledge.';

/**
 * The browser keeps its live view with a TypeScript copy of the server's reducer. Both must agree:
 * for every revision of a history that uses every kind of event, the browser's fold of the stored
 * events equals the server's as-of view.
 */
describe('the browser reducer and the server reducer', () => {
  let t: Awaited<ReturnType<typeof team>>;
  let doc: string;

  beforeAll(async () => {
    t = await team({ lin: 'ANNOTATOR', wei: 'ANNOTATOR' });
    const { lin, wei } = t.users;
    doc = await createDocument(lin, t.group, 'Parity', 'text', CONTENT, 'zh');
    const a = await annotate(lin, doc, CONTENT, '开放科学', 'Open science', { tags: ['科学', 'open'], sources: [{ url: 'https://example.org/a' }] });
    const b = await annotate(wei, doc, CONTENT, 'shared knowledge', 'Sharing');
    const path = (id: string) => `/api/documents/${doc}/annotations/${id}`;
    const call = async (...args: Parameters<typeof rest>) => {
      const answer = await rest(...args);
      expect(answer.status, `${args[1]} ${args[2]}: ${JSON.stringify(answer.json)}`).toBeLessThan(300);
      return answer;
    };
    await call(wei, 'POST', `${path(a)}/replies`, { text: '同意 👍' });
    await call(lin, 'PATCH', path(a), { body: { text: 'Open science, edited' } });
    await call(wei, 'PATCH', path(a), { tags: ['科学', 'policy'] });
    const source = await call(lin, 'POST', `${path(a)}/sources`, { doi: '10.1000/xyz123', title: 'A paper' });
    await call(lin, 'DELETE', `${path(a)}/sources/${source.json.sourceId}`);
    await call(wei, 'POST', `${path(b)}/resolve`);
    await call(wei, 'POST', `${path(b)}/reopen`);
    await call(lin, 'POST', `${path(b)}/resolve`);
    await call(lin, 'PATCH', path(b), { target: { selector: [{ type: 'TextQuoteSelector', exact: '知识共享' }] } });
    await call(lin, 'DELETE', path(a));
  });

  it('agree at every revision', async () => {
    const events = (await rest<Envelope[]>(t.users.lin, 'GET', `/api/documents/${doc}/events`)).json;
    expect(events.length).toBe(13);
    expect(new Set(events.map((e) => e.type)).size).toBeGreaterThanOrEqual(10);
    let view: DocumentView = { documentId: doc, revision: -1, annotations: [] };
    for (const e of events) {
      view = reduce(view, e);
      const server = (await rest<DocumentView>(t.users.lin, 'GET', `/api/documents/${doc}/annotations?asOf=${e.revision}`)).json;
      expect(JSON.parse(JSON.stringify(view)), `revision ${e.revision} (${e.type})`).toEqual(server);
    }
    const live = await currentView<DocumentView>(t.users.lin, doc);
    expect(JSON.parse(JSON.stringify(view))).toEqual(live);
  });
});
