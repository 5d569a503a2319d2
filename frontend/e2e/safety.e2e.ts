import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { annotate, baseUrl, createDocument, currentView, launch, loggedIn, rest, selectText, team } from './support';

const TEXT = '审阅者只读。Reviewers read 📖 but do not write.';
const HTML = '<h2>Tom &amp; Jerry 🐭</h2>'
  + '<p>Safe <b>bold</b> text, 中文段落, an image <img src="x" onerror="window.__pwned=\'img\'"> '
  + 'and a <a href="javascript:window.__pwned=\'link\'">link</a>.</p>'
  + '<script>window.__pwned = \'script\'</script>'
  + '<p onclick="window.__pwned=\'click\'">Click me 点击 &lt;not a tag&gt;</p>';

/** Opens a raw STOMP connection from the page (its session and CSRF token) and sends one command. */
async function forcedSend(page: Page, documentId: string): Promise<string[]> {
  return page.evaluate(async (doc) => {
    const token = decodeURIComponent(document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN='))!.split('=')[1]);
    const frames: string[] = [];
    const ws = new WebSocket(`ws://${location.host}/ws`);
    const send = (frame: string) => ws.send(`${frame}\0`);
    return new Promise<string[]>((done) => {
      const finish = () => { ws.close(); done(frames); };
      setTimeout(finish, 5000);
      ws.onclose = () => done(frames);
      ws.onopen = () => send(`CONNECT\naccept-version:1.2\nhost:localhost\nX-XSRF-TOKEN:${token}\n\n`);
      ws.onmessage = (m) => {
        const frame = String(m.data);
        frames.push(frame);
        if (frame.startsWith('CONNECTED')) {
          send('SUBSCRIBE\nid:errors\ndestination:/user/queue/errors\n\n');
          send(`SEND\ndestination:/app/documents/${doc}/commands\ncontent-type:application/json\nreceipt:forced-1\n\n`
            + JSON.stringify({ type: 'AddAnnotation', target: { selector: [{ type: 'TextQuoteSelector', exact: 'Reviewers' }] }, body: { text: 'forced' } }));
        } else if (frame.startsWith('ERROR') || frame.includes('forced-1')) {
          finish();
        }
      };
    });
  }, documentId);
}

describe('what must not happen', () => {
  let browser: Browser;
  let t: Awaited<ReturnType<typeof team>>;

  beforeAll(async () => {
    browser = await launch();
    t = await team({ lin: 'ANNOTATOR', rev: 'REVIEWER' });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('a REVIEWER has no add-note control, and a forced STOMP SEND is refused and stores nothing', async () => {
    const doc = await createDocument(t.users.lin, t.group, 'Read only', 'text', TEXT, 'zh');
    const note = await annotate(t.users.lin, doc, TEXT, 'Reviewers read', 'A note to read');
    const { context, page } = await loggedIn(browser, t.users.rev);
    await page.goto(`${baseUrl()}/#/documents/${doc}`);
    await page.waitForSelector('.link-state[data-state="live"]');
    await page.waitForSelector('mark.hl');
    expect(await page.textContent('.doc-head')).toContain('read only');

    await selectText(page, 'do not write');
    await page.waitForTimeout(400);
    expect(await page.isVisible('button.annotate')).toBe(false);
    expect(await page.locator('.composer, #note-body').count()).toBe(0);
    await page.click('mark.hl');
    await page.waitForSelector('.thread');
    expect(await page.locator('#reply-text, .thread .actions button, .source-form').count()).toBe(0);

    const frames = await forcedSend(page, doc);
    const answer = frames.find((f) => f.startsWith('ERROR') || f.includes('forced-1'));
    expect(answer, frames.join('\n---\n')).toBeDefined();
    expect(answer).toMatch(/ERROR|"status":403/);
    expect(answer).not.toMatch(/^RECEIPT/);
    const view = await currentView(t.users.lin, doc);
    expect(view.revision).toBe(1);
    expect(view.annotations.map((a: { id: string }) => a.id)).toEqual([note]);
    await context.close();
  });

  it('an HTML document with <img onerror> and a note with <script> run nothing; anchors count the markup', async () => {
    const doc = await createDocument(t.users.lin, t.group, 'Hostile HTML', 'html', HTML, 'en');
    const hostile = '<script>window.__pwned="note"</script>\n\n<img src=x onerror="window.__pwned=\'note-img\'">\n\n**still bold**';
    const noteId = await annotate(t.users.lin, doc, HTML, '中文段落', hostile);
    await rest(t.users.lin, 'POST', `/api/documents/${doc}/annotations/${noteId}/replies`, { text: '<svg onload="window.__pwned=\'reply\'"></svg>[x](javascript:alert(1))' });
    const { context, page } = await loggedIn(browser, t.users.lin);
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${baseUrl()}/#/documents/${doc}`);
    await page.waitForSelector('mark.hl');
    expect(await page.textContent('mark.hl')).toBe('中文段落');
    await page.click('mark.hl');
    await page.waitForSelector('.thread .replies li');
    await page.click('text=Click me');
    await page.waitForTimeout(300);

    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(await page.locator('article.doc script, .notes script, .notes img, .notes svg').count()).toBe(0);
    expect(await page.locator('article.doc [onerror], article.doc [onclick], a[href^="javascript:"]').count()).toBe(0);
    expect(await page.textContent('.thread .note-body strong')).toBe('still bold');
    expect(await page.textContent('article.doc')).toContain('Click me 点击 <not a tag>');

    // a selection across an entity maps back to the stored markup
    await page.click('.thread button.link');
    await selectText(page, 'Tom & Jerry 🐭');
    await page.click('button.annotate');
    await page.fill('#note-body', 'Title');
    await page.click('.composer button[type=submit]');
    await page.waitForSelector('mark.hl.active');
    const view = await currentView(t.users.lin, doc);
    const added = view.annotations.find((a: { id: string }) => a.id !== noteId);
    const quote = added.target.selector.find((s: { type: string }) => s.type === 'TextQuoteSelector');
    const position = added.target.selector.find((s: { type: string }) => s.type === 'TextPositionSelector');
    expect(quote.exact).toBe('Tom &amp; Jerry 🐭');
    expect([...HTML].slice(position.start, position.end).join('')).toBe('Tom &amp; Jerry 🐭');
    expect(await page.textContent('mark.hl.active')).toBe('Tom & Jerry 🐭');
    await context.close();
  });
});
