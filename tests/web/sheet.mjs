// Opens a contact sheet (OUT/index.html) in headless Chromium with
// JavaScript off, as a reader without scripts has it, clicks the filter
// labels named on the command line, and reports which outputs are still
// shown; then runs axe-core on the sheet (in a second page, with
// JavaScript on for axe alone). tests/everyday.rs judges the answer.
//
//   node tests/web/sheet.mjs SHEET.html LABEL-ID...
//
// Prints one JSON object: { "shown_before": n, "shown": [href...],
// "violations": [...], "rules_run": n }.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

import puppeteer from 'puppeteer-core';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

const [file, ...clicks] = process.argv.slice(2);
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'packpress-chromium-'));
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  ignoreDefaultArgs: true,
  pipe: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--host-resolver-rules=MAP * ~NOTFOUND',
    `--user-data-dir=${profile}`,
    'about:blank',
  ],
  timeout: 60000,
});
const url = pathToFileURL(path.resolve(file)).href;

// The outputs a reader sees: each card's first link.
const shown = (page) =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll('ul.sheet > li'))
      .filter((e) => e.getClientRects().length > 0)
      .map((e) => e.querySelector('a').getAttribute('href')),
  );

const page = await browser.newPage();
await page.setJavaScriptEnabled(false);
await page.goto(url);
const before = (await shown(page)).length;
for (const id of clicks) {
  await page.click(`label[for="${id}"]`);
}
const after = await shown(page);

const checked = await browser.newPage();
await checked.goto(url);
await checked.addScriptTag({ content: axeSource });
const result = await checked.evaluate(
  async (tags) => await axe.run(document, { runOnly: { type: 'tag', values: tags } }),
  TAGS,
);
console.log(
  JSON.stringify({
    shown_before: before,
    shown: after,
    rules_run: result.passes.length + result.violations.length + result.incomplete.length,
    violations: result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`),
  }),
);
await browser.close();
fs.rmSync(profile, { recursive: true, force: true });
