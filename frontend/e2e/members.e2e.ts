import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { admin, baseUrl, launch, loggedIn, rest, team } from './support';

describe('an OWNER runs the group from the start page', () => {
  let browser: Browser;
  let t: Awaited<ReturnType<typeof team>>;

  beforeAll(async () => {
    browser = await launch();
    t = await team({ own: 'OWNER', lin: 'ANNOTATOR' }, { own: 'Owner Ou', lin: 'Lin 林' });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('adds a member, changes a role and adds a document', async () => {
    const newcomer = `new${Date.now().toString(36)}`;
    await rest(admin, 'POST', '/api/users', { username: newcomer, password: 'newcomer-password', displayName: 'Newcomer 新人' });
    const { context, page } = await loggedIn(browser, t.users.own);
    await page.goto(`${baseUrl()}/#/groups/${t.group}`);
    await page.click('summary:text("Members")');
    await page.fill('#new-member', newcomer);
    await page.selectOption('#new-member-role', 'REVIEWER');
    await page.click('form.row button:text("Add member")');
    await page.waitForSelector(`#role-${newcomer}`);
    expect(await page.inputValue(`#role-${newcomer}`)).toBe('REVIEWER');
    await page.selectOption(`#role-${t.users.lin.username}`, 'AUDITOR');
    await expect.poll(async () => (await rest(admin, 'GET', `/api/groups/${t.group}`)).json.members
      .find((m: { username: string }) => m.username === t.users.lin.username)?.role).toBe('AUDITOR');
    expect((await rest(admin, 'GET', `/api/groups/${t.group}`)).json.members
      .find((m: { username: string }) => m.username === newcomer).role).toBe('REVIEWER');

    await page.goto(`${baseUrl()}/#/groups/${t.group}`);
    await page.click('summary:text("Add a document")');
    await page.fill('#doc-title', '新文档 📄');
    await page.selectOption('#doc-format', 'markdown');
    await page.fill('#doc-language', 'zh');
    await page.fill('#doc-content', '# 标题\n\n一段**加粗**的文字。');
    await page.click('details:has(#doc-title) button[type=submit]');
    await page.waitForSelector('article.doc h1');
    expect(await page.textContent('article.doc strong')).toBe('加粗');
    expect(await page.getAttribute('article.doc', 'lang')).toBe('zh');

    // bad input gets the server's message, and nothing is lost
    await page.goto(`${baseUrl()}/#/groups/${t.group}`);
    await page.click('summary:text("Add a document")');
    await page.fill('#doc-title', 'Empty');
    await page.evaluate(() => document.querySelector('#doc-content')!.removeAttribute('required'));
    await page.click('details:has(#doc-title) button[type=submit]');
    await page.waitForSelector('.toast-error');
    expect(await page.inputValue('#doc-title')).toBe('Empty');
    await context.close();
  });

  it('creates an API token shown once, which works for scripts until it is revoked', async () => {
    const { context, page } = await loggedIn(browser, t.users.lin);
    await page.click('nav a:text("API tokens")');
    await page.fill('#token-name', 'import script');
    await page.click('form.row button[type=submit]');
    const token = await (await page.waitForSelector('#new-token')).inputValue();
    const bearer = async () => (await fetch(`${baseUrl()}/api/me`, { headers: { Authorization: `Bearer ${token}` } })).status;
    expect(await bearer()).toBe(200);
    await page.reload();
    await page.waitForSelector('tbody tr td');
    expect(await page.locator('#new-token').count()).toBe(0);
    expect(await page.textContent('tbody')).toContain('import script');
    await page.click('button[aria-label="Revoke import script"]');
    await page.waitForFunction(() => document.querySelector('tbody')?.textContent?.includes('No tokens.'));
    expect(await bearer()).toBe(401);
    await context.close();
  });
});
