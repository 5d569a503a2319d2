import { expect, inject } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ADMIN_PASSWORD } from './server';

/** What every e2e test needs: the app's address, REST calls as any user, and Debian's Chromium. */

export const baseUrl = (): string => (inject as (key: string) => string)('baseUrl') ?? process.env.MARGIN_E2E_URL!;
export const screenshots = resolve(__dirname, '..', '..', 'target', 'e2e-screenshots');
mkdirSync(screenshots, { recursive: true });

export interface User {
  username: string;
  password: string;
  displayName: string;
}

export async function rest<T = any>(user: { username: string; password: string } | null, method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (user) {
    headers.Authorization = `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const answer = await fetch(baseUrl() + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await answer.text();
  return { status: answer.status, json: (text ? JSON.parse(text) : undefined) as T };
}

export const admin = { username: 'admin', password: ADMIN_PASSWORD };

/**
 * The document's view once it holds every event stored so far. The view is updated just after a write
 * is acknowledged, so a test that has just written (or seen a pushed event) waits for it.
 */
export async function currentView<T = any>(user: { username: string; password: string }, doc: string): Promise<T> {
  const events = (await rest<{ revision: number }[]>(user, 'GET', `/api/documents/${doc}/events`)).json;
  const last = events[events.length - 1].revision;
  let view: T & { revision: number } = undefined as never;
  await expect.poll(async () => {
    view = (await rest(user, 'GET', `/api/documents/${doc}/annotations`)).json;
    return view.revision;
  }, { timeout: 10_000 }).toBeGreaterThanOrEqual(last);
  return view;
}

let counter = 0;

/** A fresh group with one user per role, each with a unique name so test files never collide. */
export async function team(roles: Record<string, 'OWNER' | 'ANNOTATOR' | 'REVIEWER' | 'AUDITOR'>, displayNames: Record<string, string> = {}) {
  const suffix = `${Date.now().toString(36)}${counter++}`;
  const group = (await rest<{ id: string }>(admin, 'POST', '/api/groups', { name: `Reading group ${suffix}` })).json.id;
  const users: Record<string, User> = {};
  for (const [key, role] of Object.entries(roles)) {
    const user = { username: `${key}${suffix}`, password: `${key}-password-1`, displayName: displayNames[key] ?? key };
    const created = await rest(admin, 'POST', '/api/users', user);
    if (created.status !== 201) {
      throw new Error(`creating ${user.username}: ${created.status} ${JSON.stringify(created.json)}`);
    }
    await rest(admin, 'PUT', `/api/groups/${group}/members/${user.username}`, { role });
    users[key] = user;
  }
  return { group, users };
}

export async function createDocument(user: User | typeof admin, groupId: string, title: string, format: string, content: string, language?: string): Promise<string> {
  const answer = await rest<{ id: string }>(user, 'POST', '/api/documents', { groupId, title, format, content, language });
  if (answer.status !== 201) {
    throw new Error(`creating a document: ${answer.status} ${JSON.stringify(answer.json)}`);
  }
  return answer.json.id;
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A browser context logged in through the app's login form, as a person would. */
export async function loggedIn(browser: Browser, user: User, options: Parameters<Browser['newContext']>[0] = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, acceptDownloads: true, ...options });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[${user.username}] page error:`, e));
  await page.goto(`${baseUrl()}/#/login`);
  await page.fill('#username', user.username);
  await page.fill('#password', user.password);
  await page.click('button[type=submit]');
  await page.waitForSelector('.who');
  return { context, page };
}

/** Selects the first occurrence of `text` inside the document, as a mouse drag would. */
export async function selectText(page: Page, text: string): Promise<void> {
  await page.evaluate((wanted) => {
    const root = document.querySelector('article.doc')!;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = (n as Text).data.indexOf(wanted);
      if (at >= 0) {
        const range = document.createRange();
        range.setStart(n, at);
        range.setEnd(n, at + wanted.length);
        const selection = window.getSelection()!;
        selection.removeAllRanges();
        selection.addRange(range);
        return;
      }
    }
    throw new Error(`"${wanted}" is not in one text node of the document`);
  }, text);
}

export const shot = (page: Page, name: string) => page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: false });

/** The selectors for the first occurrence of `exact`, in code points, as a client script would send them. */
export function targetOf(content: string, exact: string) {
  const at = content.indexOf(exact);
  if (at < 0) {
    throw new Error(`"${exact}" is not in the content`);
  }
  const start = [...content.slice(0, at)].length;
  return {
    selector: [
      { type: 'TextQuoteSelector', exact },
      { type: 'TextPositionSelector', start, end: start + [...exact].length },
    ],
  };
}

export async function annotate(user: User, doc: string, content: string, exact: string, text: string, extra: Record<string, unknown> = {}): Promise<string> {
  const answer = await rest<{ annotationId: string }>(user, 'POST', `/api/documents/${doc}/annotations`,
    { target: targetOf(content, exact), body: { text }, ...extra });
  if (answer.status !== 201) {
    throw new Error(`annotating: ${answer.status} ${JSON.stringify(answer.json)}`);
  }
  return answer.json.annotationId;
}

/** True when the page scrolls sideways: the layout broke. */
export const overflowsSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);
