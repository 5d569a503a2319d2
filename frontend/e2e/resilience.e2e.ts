import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { annotate, baseUrl, createDocument, currentView, launch, loggedIn, overflowsSideways, shot, team } from './support';

const CONTENT = '数据治理框架 🗂️ 需要明确的责任分工。Data governance needs clear responsibilities, '.repeat(3);

describe('drops, conflicts, keyboard and zoom', () => {
  let browser: Browser;
  let t: Awaited<ReturnType<typeof team>>;
  let doc: string;

  beforeAll(async () => {
    browser = await launch();
    t = await team({ lin: 'ANNOTATOR', wei: 'ANNOTATOR' }, { lin: 'Lin 林', wei: 'Wei 伟' });
    doc = await createDocument(t.users.lin, t.group, '数据治理', 'text', CONTENT, 'zh');
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('after a network drop the app says it is reconnecting, then catches up without gaps', async () => {
    const { context, page } = await loggedIn(browser, t.users.lin);
    await page.goto(`${baseUrl()}/#/documents/${doc}`);
    await page.waitForSelector('.link-state[data-state="live"]');
    const before = Number((await page.textContent('.revision'))!.replace(/\D/g, ''));

    await context.setOffline(true);
    await page.waitForSelector('.banner:not([hidden])', { timeout: 30_000 });
    expect(await page.textContent('.link-state')).toBe('Reconnecting…');
    for (const word of ['数据治理框架', '责任分工', 'governance']) {
      await annotate(t.users.wei, doc, CONTENT, word, `missed while offline: ${word}`);
    }
    // nothing arrives while the socket is down: what follows is the catch-up, not live pushes
    await page.waitForTimeout(1500);
    expect(await page.locator('.note-list .note').count()).toBe(0);
    expect(await page.textContent('.link-state')).toBe('Reconnecting…');
    await context.setOffline(false);
    await page.waitForSelector('.link-state[data-state="live"]', { timeout: 30_000 });
    await page.waitForFunction((n) => document.querySelectorAll('.note-list .note').length === n, 3, { timeout: 15_000 });
    expect(await page.isVisible('.banner')).toBe(false);
    expect(await page.textContent('.revision')).toBe(`revision ${before + 3}`);
    const server = await currentView(t.users.lin, doc);
    expect(server.revision).toBe(before + 3);
    await context.close();
  });

  it('a conflicting edit shows the other version and can be retried', async () => {
    const note = await annotate(t.users.lin, doc, CONTENT, '明确的责任', 'Original wording');
    const a = await loggedIn(browser, t.users.lin);
    const b = await loggedIn(browser, t.users.wei);
    for (const p of [a.page, b.page]) {
      await p.goto(`${baseUrl()}/#/documents/${doc}?note=${note}`);
      await p.waitForSelector('.thread .actions button');
      await p.click('.thread .actions button:text("Edit")');
    }
    await a.page.fill('#edit-body', 'Lin’s wording');
    await a.page.click('form.edit button[type=submit]');
    await a.page.waitForSelector('form.edit', { state: 'detached' });
    await b.page.fill('#edit-body', 'Wei’s wording 🙂');
    await b.page.click('form.edit button[type=submit]');
    await b.page.waitForSelector('.conflict:not([hidden])');
    expect(await b.page.textContent('.conflict')).toContain('Lin’s wording');
    expect(await b.page.textContent('.conflict')).toContain('Lin 林');
    expect(await b.page.inputValue('#edit-body')).toBe('Wei’s wording 🙂');
    await b.page.click('.conflict button.primary');
    await b.page.waitForSelector('form.edit', { state: 'detached' });
    await a.page.waitForFunction(() => document.querySelector('.thread .note-body')?.textContent?.includes('Wei’s wording'));
    const view = await currentView(t.users.lin, doc);
    expect(view.annotations.find((x: { id: string }) => x.id === note).body.text).toBe('Wei’s wording 🙂');
    await a.context.close();
    await b.context.close();
  });

  it('works by keyboard, and neither 1280×720 nor 200 % zoom breaks the layout', async () => {
    const { context, page } = await loggedIn(browser, t.users.lin);
    await page.goto(`${baseUrl()}/#/documents/${doc}`);
    await page.waitForSelector('mark.hl[tabindex="0"]');
    expect(await overflowsSideways(page)).toBe(false);
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.matches('mark.hl') ?? false);
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForSelector('.thread');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('thread-title');
    await context.close();

    // 200 %: the same CSS pixels on half the width and height
    const zoomed = await loggedIn(browser, t.users.lin, { viewport: { width: 640, height: 360 }, deviceScaleFactor: 2 });
    for (const path of [`#/documents/${doc}`, `#/documents/${doc}/history`, '#/', '#/audit']) {
      await zoomed.page.goto(`${baseUrl()}/${path}`);
      await zoomed.page.waitForSelector('main > *');
      await zoomed.page.waitForTimeout(300);
      expect(await overflowsSideways(zoomed.page), path).toBe(false);
    }
    await zoomed.page.goto(`${baseUrl()}/#/documents/${doc}`);
    await zoomed.page.waitForSelector('mark.hl');
    const [article, notes] = await Promise.all([zoomed.page.locator('article.doc').boundingBox(), zoomed.page.locator('aside.notes').boundingBox()]);
    expect(notes!.y).toBeGreaterThanOrEqual(article!.y + article!.height);
    await shot(zoomed.page, 'reader-200-percent');
    await zoomed.context.close();
  });
});
