// The panel itself: accessibility, keyboard, languages, narrow screens, help
// links, and isolation from a hostile page.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, AXE, MESSAGES, panel, useBrowser } from './harness.mjs';

const env = useBrowser();
before(() => {
  mkdirSync(ARTIFACTS, { recursive: true });
});

async function blocked(path = '/index.html', opts) {
  const t = await env.open(path, opts);
  await t.page.fill('#q', 'blocked demo term');
  await t.page.press('#q', 'Enter');
  await t.page.waitForFunction(() => document.querySelector('turnback-notice')?.shadowRoot.querySelector('dialog[open]'));
  return t;
}

const shadowFocus = (page) =>
  page.evaluate(() => {
    const host = document.activeElement;
    if (host?.tagName !== 'TURNBACK-NOTICE') return host ? `outside:${host.id || host.tagName}` : 'none';
    const el = host.shadowRoot.activeElement;
    return el ? el.tagName.toLowerCase() + (el.textContent ? `:${el.textContent}` : '') : 'host';
  });

describe('the prevention panel', () => {
  test('is an accessible alert dialog with one primary action and no "search anyway"', async () => {
    const t = await blocked('/index.html', { bypassCSP: true });
    const p = await panel(t.page);
    assert.equal(p.role, 'alertdialog');
    assert.equal(p.labelledby, 'tb-title');
    assert.match(p.describedby, /tb-body/);
    assert.equal(p.title, MESSAGES.en.title_search);
    assert.ok(p.html.includes(MESSAGES.en.body));
    assert.ok(p.html.includes(MESSAGES.en.help_text));
    assert.equal(p.buttons, 1);
    assert.equal(p.primary, MESSAGES.en.primary);
    await t.page.addScriptTag({ path: AXE });
    const result = await t.page.evaluate(() =>
      window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }),
    );
    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(
      bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      [],
    );
    // Make sure axe looked inside the shadow root at all.
    const checked = result.passes.flatMap((v) => v.nodes.map((n) => JSON.stringify(n.target)));
    assert.ok(checked.some((s) => s.includes('turnback-notice')), 'axe checked the panel');
    await t.context.close();
  });

  test('help links open in a new tab without referrer; phone numbers are tel: links', async () => {
    const t = await blocked('/index.html?lang=en&country=AU');
    const links = await t.page.evaluate(() =>
      [...document.querySelector('turnback-notice').shadowRoot.querySelectorAll('a')].map((a) => ({
        href: a.getAttribute('href'),
        target: a.getAttribute('target'),
        rel: a.getAttribute('rel'),
      })),
    );
    assert.ok(links.length > 0);
    for (const l of links) {
      if (l.href.startsWith('tel:')) continue;
      assert.match(l.href, /^https:\/\//);
      assert.equal(l.target, '_blank');
      assert.equal(l.rel, 'noopener noreferrer');
    }
    assert.ok(links.some((l) => /^tel:\+?[0-9]+$/.test(l.href)), 'a tel: link for the AU helpline');
    await t.context.close();
  });

  test('keyboard only: focus moves in, Tab and Shift+Tab stay inside, Enter and Escape go back', async () => {
    const t = await blocked();
    assert.match(await shadowFocus(t.page), /^h2:/, 'focus moved into the panel');
    const seen = new Set();
    for (let i = 0; i < 12; i++) {
      await t.page.keyboard.press('Tab');
      const f = await shadowFocus(t.page);
      assert.ok(!f.startsWith('outside') && f !== 'none', `Tab ${i + 1} stayed inside (${f})`);
      seen.add(f);
    }
    for (let i = 0; i < 12; i++) {
      await t.page.keyboard.press('Shift+Tab');
      const f = await shadowFocus(t.page);
      assert.ok(!f.startsWith('outside') && f !== 'none', `Shift+Tab ${i + 1} stayed inside (${f})`);
    }
    assert.ok([...seen].some((f) => f.startsWith('button:')), 'Tab reaches the Back button');
    // Tab to Back, press Enter.
    for (let i = 0; i < 20 && !(await shadowFocus(t.page)).startsWith('button:'); i++) await t.page.keyboard.press('Tab');
    await t.page.keyboard.press('Enter');
    assert.equal((await panel(t.page)).open, false, 'Enter on Back closes the panel');
    assert.equal(await t.page.evaluate(() => document.activeElement.id), 'q', 'focus back on the search box');
    // Again, and leave with Escape.
    await t.page.keyboard.type('zorblax');
    await t.page.keyboard.press('Enter');
    assert.equal((await panel(t.page)).open, true);
    await t.page.keyboard.press('Escape');
    assert.equal((await panel(t.page)).open, false, 'Escape closes the panel');
    assert.equal(await t.page.evaluate(() => document.activeElement.id), 'q');
    assert.equal(t.page.url(), `${env.server.origin}/index.html`);
    await t.context.close();
  });

  for (const lang of ['en', 'de', 'ar']) {
    test(`renders in ${lang}${lang === 'ar' ? ' right to left' : ''}`, async () => {
      const t = await blocked(`/index.html?lang=${lang}`);
      const p = await panel(t.page);
      assert.equal(p.lang, lang);
      assert.equal(p.dir, MESSAGES[lang].dir);
      assert.equal(p.dir, lang === 'ar' ? 'rtl' : 'ltr');
      assert.equal(p.title, MESSAGES[lang].title_search);
      assert.equal(p.primary, MESSAGES[lang].primary);
      assert.ok(p.html.includes(MESSAGES[lang].help_heading));
      if (lang === 'ar') {
        const align = await t.page.evaluate(() => {
          const root = document.querySelector('turnback-notice').shadowRoot;
          const d = root.querySelector('dialog').getBoundingClientRect();
          const b = root.querySelector('button').getBoundingClientRect();
          return { direction: getComputedStyle(root.querySelector('h2')).direction, buttonLeft: b.left - d.left, buttonRight: d.right - b.right };
        });
        assert.equal(align.direction, 'rtl');
        assert.ok(align.buttonLeft < align.buttonRight, 'Back sits at the end (left) in RTL');
      }
      if (lang !== 'de') {
        await t.page.screenshot({ path: join(ARTIFACTS, `panel-${lang}.png`) });
      }
      await t.context.close();
    });
  }

  test('defaults to the browser language and its region (de-AT)', async () => {
    const t = await blocked('/index.html', { locale: 'de-AT' });
    const p = await panel(t.page);
    assert.equal(p.lang, 'de');
    assert.equal(p.title, MESSAGES.de.title_search);
    assert.deepEqual(await t.page.evaluate(() => [window.turnback.lang, window.turnback.country]), ['de-AT', 'AT']);
    await t.context.close();
  });

  test('is readable at 320 px without horizontal scrolling', async () => {
    const t = await blocked('/index.html?lang=de&country=DE', { viewport: { width: 320, height: 640 } });
    const m = await t.page.evaluate(() => {
      const root = document.querySelector('turnback-notice').shadowRoot;
      const d = root.querySelector('dialog');
      const r = d.getBoundingClientRect();
      return {
        docScroll: document.documentElement.scrollWidth,
        left: r.left,
        right: r.right,
        dialogScroll: d.scrollWidth - d.clientWidth,
        fontSize: parseFloat(getComputedStyle(root.querySelector('p')).fontSize),
      };
    });
    assert.ok(m.docScroll <= 320, `page is ${m.docScroll}px wide`);
    assert.ok(m.left >= 0 && m.right <= 320, `panel spans ${m.left}..${m.right}`);
    assert.equal(m.dialogScroll, 0, 'no horizontal scroll inside the panel');
    assert.ok(m.fontSize >= 16);
    await t.page.screenshot({ path: join(ARTIFACTS, 'panel-de-320px.png'), fullPage: true });
    await t.context.close();
  });

  test('stays correct and visible on a page with hostile CSS', async () => {
    const t = await blocked('/hostile.html?lang=en');
    const p = await panel(t.page);
    assert.equal(p.open, true);
    assert.equal(p.title, MESSAGES.en.title_search);
    const look = await t.page.evaluate(() => {
      const host = document.querySelector('turnback-notice');
      const root = host.shadowRoot;
      const d = root.querySelector('dialog');
      const h2 = root.querySelector('h2');
      const button = root.querySelector('button');
      const r = d.getBoundingClientRect();
      const b = button.getBoundingClientRect();
      const hit = root.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);
      const cs = (el) => getComputedStyle(el);
      return {
        width: r.width,
        height: r.height,
        inView: r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight,
        hostDisplay: cs(host).display,
        dialogDisplay: cs(d).display,
        visibility: cs(d).visibility,
        opacity: cs(d).opacity,
        titleColor: cs(h2).color,
        titleSize: parseFloat(cs(h2).fontSize),
        textTransform: cs(h2).textTransform,
        bodyBg: cs(d).backgroundColor,
        buttonColor: cs(button).color,
        buttonBg: cs(button).backgroundColor,
        buttonHit: hit === button,
      };
    });
    assert.ok(look.width > 250 && look.height > 150, `panel is ${look.width}x${look.height}`);
    assert.ok(look.inView);
    assert.notEqual(look.hostDisplay, 'none');
    assert.equal(look.dialogDisplay, 'block');
    assert.equal(look.visibility, 'visible');
    assert.equal(look.opacity, '1');
    assert.equal(look.titleColor, 'rgb(155, 28, 28)');
    assert.ok(look.titleSize >= 20);
    assert.equal(look.textTransform, 'none');
    assert.equal(look.bodyBg, 'rgb(255, 255, 255)');
    assert.equal(look.buttonColor, 'rgb(255, 255, 255)');
    assert.equal(look.buttonBg, 'rgb(11, 79, 179)');
    assert.ok(look.buttonHit, 'the Back button is on top and clickable');
    await t.page.screenshot({ path: join(ARTIFACTS, 'panel-hostile.png') });
    await t.page.click('turnback-notice >> button');
    assert.equal((await panel(t.page)).open, false);
    assert.equal(t.page.url(), `${env.server.origin}/hostile.html?lang=en`);
    await t.context.close();
  });
});
