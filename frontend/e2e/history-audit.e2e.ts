import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { annotate, baseUrl, createDocument, launch, loggedIn, overflowsSideways, rest, shot, team } from './support';

const CONTENT = '《新一代人工智能治理原则》提出：和谐友好、公平公正、包容共享。🤖 Responsible AI needs shared governance.';

describe('replaying history and auditing the record', () => {
  let browser: Browser;
  let t: Awaited<ReturnType<typeof team>>;
  let doc: string;
  let note: string;

  beforeAll(async () => {
    browser = await launch();
    t = await team({ lin: 'ANNOTATOR', rev: 'REVIEWER', aud: 'AUDITOR' }, { lin: 'Lin 林', rev: 'Reviewer Ren', aud: 'Auditor Ada' });
    doc = await createDocument(t.users.lin, t.group, '治理原则 🤖', 'text', CONTENT, 'zh');
    note = await annotate(t.users.lin, doc, CONTENT, '公平公正', 'Fairness is listed **second**.', { tags: ['原则'] });
    await rest(t.users.lin, 'POST', `/api/documents/${doc}/annotations/${note}/replies`, { text: '看第三条' });
    await rest(t.users.lin, 'POST', `/api/documents/${doc}/annotations/${note}/sources`, { doi: '10.1000/xyz123' });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('the history player steps back to before the note, and the highlight disappears', async () => {
    const { context, page } = await loggedIn(browser, t.users.rev);
    await page.goto(`${baseUrl()}/#/documents/${doc}/history`);
    await page.waitForSelector('mark.hl');
    expect(await page.textContent('.step')).toContain('Revision 3 of 3');
    expect(await page.textContent('mark.hl')).toBe('公平公正');
    await shot(page, 'history-player');

    await page.click('#step-back');
    await page.waitForFunction(() => document.querySelector('.step')?.textContent?.includes('Revision 2 of 3'));
    expect(await page.textContent('.step')).toContain('Lin 林 replied: 看第三条');
    await page.click('#step-back');
    await page.waitForFunction(() => document.querySelector('.step')?.textContent?.includes('Revision 1 of 3'));
    expect(await page.textContent('.step')).toContain('Lin 林 added a note on “公平公正”');
    expect(await page.locator('mark.hl').count()).toBe(1);

    await page.click('#step-back');
    await page.waitForFunction(() => document.querySelector('.step')?.textContent?.includes('Revision 0 of 3'));
    await page.waitForFunction(() => document.querySelectorAll('mark.hl').length === 0);
    expect(await page.textContent('.notes h2')).toBe('Notes (0)');
    expect(await page.textContent('article.doc')).toBe(CONTENT);

    // play runs forward to the latest revision
    await page.click('#play');
    await page.waitForFunction(() => document.querySelector('.step')?.textContent?.includes('Revision 3 of 3'), null, { timeout: 15_000 });
    await page.waitForSelector('mark.hl');

    // diff between two chosen revisions
    await page.fill('#diff-from', '0');
    await page.fill('#diff-to', '3');
    await page.click('.diff-form button[type=submit], form.row button[type=submit]');
    await page.waitForFunction(() => document.querySelector('.diff')?.textContent?.includes('1 added, 0 removed, 0 changed'));
    expect(await overflowsSideways(page)).toBe(false);
    await context.close();
  });

  it('an AUDITOR filters the log, exports CSV and verifies integrity', async () => {
    const { context, page } = await loggedIn(browser, t.users.aud);
    await page.goto(`${baseUrl()}/#/audit`);
    await page.waitForSelector('.audit-table tbody tr td');
    const rows = await page.locator('.audit-table tbody tr').allTextContents();
    expect(rows.some((r) => r.includes('AnnotationAdded'))).toBe(true);

    await page.selectOption('#f-type', 'ReplyAdded');
    await page.click('.filters button[type=submit]');
    await page.waitForFunction(() => document.querySelector('.pager')?.textContent?.includes('1 records'));
    expect(await page.locator('.audit-table tbody tr').count()).toBe(1);
    expect(await page.textContent('.audit-table tbody')).toContain('ReplyAdded');

    await page.selectOption('#f-type', '');
    await page.click('.filters button[type=submit]');
    await page.waitForFunction(() => !document.querySelector('.pager')?.textContent?.includes(' 1 records'));
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\n')[0]).toContain('revision');
    expect(csv).toContain('AnnotationAdded');
    expect(csv).toContain('ReplyAdded');
    expect(csv).toContain(t.users.lin.username);

    await page.click('#verify');
    await page.waitForSelector('#verify-result .ok', { timeout: 20_000 });
    expect(await page.textContent("#verify-result")).toMatch(/Intact.*1 document, 4 events checked/);
    expect(await overflowsSideways(page)).toBe(false);
    await shot(page, 'audit-page');
    await context.close();
  });
});
