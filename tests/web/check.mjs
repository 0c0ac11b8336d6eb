// Opens each web page packpress wrote in headless Chromium (Debian's
// /usr/bin/chromium, driven by puppeteer-core over a pipe), with the
// network off, runs axe-core on it, and reads back what a reader gets.
// tests/web.rs runs it and judges the answer; this script only measures.
//
//   node tests/web/check.mjs PAGE.html...
//
// Prints one JSON object: { "pages": [ { "file", "requests", "axe",
// "dom", "narrow", "print", ... } ] }.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

import puppeteer from 'puppeteer-core';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const axeVersion = require('axe-core/package.json').version;
const puppeteerVersion = require('puppeteer-core/package.json').version;

// WCAG 2.2 A and AA, and axe's best practices.
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node check.mjs PAGE.html...');
  process.exit(2);
}

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'packpress-chromium-'));
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  // Only these flags: no extensions, no first-run, nothing fetched in the
  // background, and no port (the pipe is the only way in).
  ignoreDefaultArgs: true,
  pipe: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    // Every host name fails to resolve: the network is off.
    '--host-resolver-rules=MAP * ~NOTFOUND',
    `--user-data-dir=${profile}`,
    'about:blank',
  ],
  timeout: 60000,
  protocolTimeout: 120000,
});

/** What the page shows, as the browser built it (before axe is added). */
function readDom() {
  const text = (e) => e.textContent.replace(/\s+/g, ' ').trim();
  const all = Array.from(document.querySelectorAll('body *'));
  // Every element that holds text of its own, with its computed type.
  const texts = all
    .filter((e) =>
      Array.from(e.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim() !== ''),
    )
    .filter((e) => e.getClientRects().length > 0)
    .map((e) => {
      const s = getComputedStyle(e);
      return {
        tag: e.tagName.toLowerCase(),
        text: text(e).slice(0, 60),
        font_size_px: parseFloat(s.fontSize),
        line_height_px: s.lineHeight === 'normal' ? null : parseFloat(s.lineHeight),
        font_style: s.fontStyle,
        text_align: s.textAlign,
        running: !!e.closest('main p, main li') && !e.closest('.number, .cta, .call, h1, h2, h3'),
      };
    });
  return {
    lang: document.documentElement.getAttribute('lang'),
    dir: document.documentElement.getAttribute('dir'),
    title: document.title,
    h1: Array.from(document.querySelectorAll('h1'), text),
    h2: Array.from(document.querySelectorAll('h2'), text),
    h3: Array.from(document.querySelectorAll('h3'), text),
    key_points: Array.from(document.querySelectorAll('main ol.key-points > li'), text),
    links: Array.from(document.querySelectorAll('a[href]'), (a) => ({
      href: a.getAttribute('href'),
      text: text(a),
    })),
    images: Array.from(document.images, (i) => ({
      alt: i.getAttribute('alt'),
      src_scheme: i.getAttribute('src').split(':')[0],
      complete: i.complete,
      natural_width: i.naturalWidth,
      natural_height: i.naturalHeight,
      shown_width: i.getBoundingClientRect().width,
    })),
    scripts: document.scripts.length,
    body_background: getComputedStyle(document.body).backgroundColor,
    texts,
  };
}

const pages = [];
for (const file of files) {
  const page = await browser.newPage();
  // Network off twice over: the browser's own offline mode, and every
  // request but the page itself refused and recorded.
  await page.setOfflineMode(true);
  await page.setRequestInterception(true);
  const url = pathToFileURL(path.resolve(file)).href;
  const requests = [];
  page.on('request', (r) => {
    if (r.url() === url || r.url().startsWith('data:')) {
      r.continue();
    } else {
      requests.push(r.url());
      r.abort();
    }
  });
  const failed = [];
  page.on('requestfailed', (r) => failed.push(r.url()));
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));

  await page.setViewport({ width: 1024, height: 800 });
  await page.goto(url, { waitUntil: 'load', timeout: 60000 });
  // Every image decodes, or says why not.
  const decoded = await page.evaluate(() =>
    Promise.all(
      Array.from(document.images, (i) =>
        i.decode().then(
          () => 'ok',
          (e) => String(e),
        ),
      ),
    ),
  );
  const dom = await page.evaluate(readDom);

  // Reflow (WCAG 1.4.10): at 320 CSS pixels nothing scrolls sideways.
  await page.setViewport({ width: 320, height: 640 });
  const narrow = await page.evaluate(() => ({
    scroll_width: document.documentElement.scrollWidth,
    width: document.documentElement.clientWidth,
  }));
  await page.setViewport({ width: 1024, height: 800 });

  // The print stylesheet's sizes.
  await page.emulateMediaType('print');
  const print = await page.evaluate(readDom);
  await page.emulateMediaType(null);

  await page.evaluate(axeSource);
  const axe = await page.evaluate(
    (tags) =>
      window.axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations', 'incomplete'],
      }),
    TAGS,
  );
  const brief = (list) =>
    list.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }));
  pages.push({
    file,
    requests,
    failed,
    errors,
    decoded,
    dom,
    narrow,
    print: { texts: print.texts },
    axe: {
      violations: brief(axe.violations),
      incomplete: brief(axe.incomplete),
      rules_run: axe.passes.length + axe.violations.length + axe.incomplete.length + axe.inapplicable.length,
    },
  });
  await page.close();
}

const version = await browser.version();
await browser.close();
fs.rmSync(profile, { recursive: true, force: true });
process.stdout.write(
  JSON.stringify({ browser: version, axe: axeVersion, puppeteer: puppeteerVersion, tags: TAGS, pages }),
);
