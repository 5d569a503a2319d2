import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { baseUrl, createDocument, currentView, launch, loggedIn, rest, selectText, shot, team } from './support';

const CONTENT = '指南针🧭指向北方。人工智能治理需要透明、问责和公众参与。\n\nThe compass 🧭 points north; governance of AI needs transparency.';
const PASSAGE = '人工智能治理需要透明';

describe('two co-editors in one document', () => {
  let browser: Browser;
  let t: Awaited<ReturnType<typeof team>>;
  let doc: string;

  beforeAll(async () => {
    browser = await launch();
    t = await team({ lin: 'ANNOTATOR', wei: 'ANNOTATOR' }, { lin: 'Lin 林', wei: 'Wei 伟' });
    doc = await createDocument(t.users.lin, t.group, '人工智能治理 🧭', 'text', CONTENT, 'zh');
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('A annotates Chinese text with a tag and a DOI; B sees it live and replies; A sees the reply', async () => {
    const a = await loggedIn(browser, t.users.lin);
    const b = await loggedIn(browser, t.users.wei);
    await a.page.goto(`${baseUrl()}/#/documents/${doc}`);
    await b.page.goto(`${baseUrl()}/#/documents/${doc}`);
    await a.page.waitForSelector('.link-state[data-state="live"]');
    await b.page.waitForSelector('.link-state[data-state="live"]');
    // presence: each sees the other
    await b.page.waitForSelector(`.presence li[title="${t.users.lin.username}"]`);

    await selectText(a.page, PASSAGE);
    await a.page.click('button.annotate');
    await a.page.fill('#note-body', '关键论点：**透明** is the core claim.');
    await a.page.fill('#note-tags', '政策, governance');
    await a.page.selectOption('#note-source-0-kind', 'doi');
    await a.page.fill('#note-source-0-value', 'https://doi.org/10.1000/xyz123');
    await a.page.click('.composer button[type=submit]');
    await a.page.waitForSelector('mark.hl.active');
    expect(await a.page.textContent('mark.hl')).toBe(PASSAGE);

    // B: the highlight and the note appear without a reload
    // a locator, not an element handle: the highlights are re-rendered when later events arrive
    const mark = b.page.locator('mark.hl');
    await expect.poll(() => mark.textContent()).toBe(PASSAGE);
    const card = b.page.locator('.note-list .note').first();
    await expect.poll(() => card.locator('.note-body strong').textContent()).toBe('透明');
    expect(await card.locator('.tag').allTextContents()).toEqual(['政策', 'governance']);
    expect(await card.locator('.sources a').getAttribute('href')).toBe('https://doi.org/10.1000/xyz123');
    expect(await card.locator('.author').textContent()).toBe('Lin 林');

    // stored offsets count code points: 🧭 is one code point, two UTF-16 units
    const view = await currentView(t.users.lin, doc);
    const selectors = view.annotations[0].target.selector;
    const start = [...CONTENT.slice(0, CONTENT.indexOf(PASSAGE))].length;
    expect(selectors).toContainEqual({ type: 'TextPositionSelector', start, end: start + [...PASSAGE].length });
    expect(selectors.find((s: { type: string }) => s.type === 'TextQuoteSelector').exact).toBe(PASSAGE);
    expect(start).toBe(CONTENT.indexOf(PASSAGE) - 1);

    // B opens the thread from the highlight and replies
    await mark.click();
    await b.page.waitForSelector('.thread');
    await b.page.fill('#reply-text', '同意 👍 — see also the 2023 guidance.');
    await b.page.click('.reply-form button[type=submit]');

    // A (whose thread is open since saving) sees the reply, with B's name
    const reply = a.page.locator('.replies .reply').first();
    await expect.poll(() => reply.locator('.note-body').textContent(), { timeout: 10_000 }).toContain('同意 👍');
    expect(await reply.locator('.author').textContent()).toBe('Wei 伟');

    await selectText(b.page, 'governance of AI');
    await a.page.waitForSelector('mark.peer');
    await a.page.locator('.thread button.link').first().click();
    await shot(a.page, 'reader-with-notes');

    // A resolves the note: B's highlight turns to resolved; A deletes it: B's highlight goes
    await a.page.click('mark.hl');
    await a.page.click('.thread .actions button:text("Resolve")');
    await b.page.waitForSelector('mark.hl.resolved');
    await b.page.waitForSelector('.thread .note.resolved .badge');
    await a.page.click('.thread .actions button:text("Delete")');
    await a.page.click('.confirm button:text("Yes, delete")');
    await b.page.waitForFunction(() => document.querySelectorAll('mark.hl').length === 0);
    await b.page.waitForFunction(() => document.querySelector('.notes')?.textContent?.includes('This note was deleted'));
    const events = await rest(t.users.lin, 'GET', `/api/documents/${doc}/events`);
    expect(events.json.map((e: { type: string }) => e.type)).toEqual(
      ['DocumentRegistered', 'AnnotationAdded', 'ReplyAdded', 'AnnotationResolved', 'AnnotationDeleted']);
    await a.context.close();
    await b.context.close();
  });
});
