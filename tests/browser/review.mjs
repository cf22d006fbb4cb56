// End-to-end test of the review page in headless Chromium, driven by
// playwright-core (run by .ci/run's "review page in a browser" step, not by
// cargo test):
//
//   node tests/browser/review.mjs [--screenshot FILE] [--bible DIR] [--slow N]
//
// Needs the release `review` and `align` examples built (REVIEW_BIN and
// ALIGN_BIN override their paths), Chromium (CHROMIUM, default
// /usr/bin/chromium) and xmllint. On a seed it counts the rows against
// `align --format beads`, checks that the TMX downloaded before any edit is
// byte-identical to `align`'s, merges two beads with the mouse, checks the
// TMX downloaded then has one unit fewer and validates against
// fixtures/tmx14.dtd, tries a bad edit and an undo from the keyboard, and
// saves a screenshot. With --bible it loads the Bible (presplit) and
// measures the first paint and the edits' times, which must stay under 2 s
// and 100 ms.

import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const REVIEW = process.env.REVIEW_BIN || join(ROOT, 'target/release/examples/review');
const ALIGN = process.env.ALIGN_BIN || join(ROOT, 'target/release/examples/align');
const BROWSER = process.env.CHROMIUM || '/usr/bin/chromium';
const SEED = join(ROOT, 'fixtures/seeds/mnd-2025-interleaved.txt');
const DTD = join(ROOT, 'fixtures/tmx14.dtd');

const argv = process.argv.slice(2);
const opt = (name) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined; };
const screenshot = opt('--screenshot');
const bible = opt('--bible');
// --slow N: run the seed test with the page's CPU slowed N times (Chrome's
// CPU throttling), as on a loaded machine, where answers and paints arrive
// late and keys are pressed before the last edit has been painted.
const slow = Number(opt('--slow') || 1);

let passed = 0, failed = 0;
function check(ok, what) {
  if (ok) { passed++; console.log(`ok: ${what}`); } else { failed++; console.log(`FAILED: ${what}`); }
}

const tmp = mkdtempSync(join(tmpdir(), 'zhen-review-'));
const servers = [];

// Starts the review example; resolves with its URL (its first line of output).
function serve(args) {
  return new Promise((ok, fail) => {
    const child = spawn(REVIEW, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    servers.push(child);
    let out = '', err = '';
    const timer = setTimeout(() => fail(new Error(`review did not print its URL in 60 s: ${err}`)), 60000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/^(http:\/\/127\.0\.0\.1:\d+\/)\n/);
      if (m) { clearTimeout(timer); ok(m[1]); }
    });
    child.stderr.on('data', (d) => { err += d; });
    child.on('exit', (code) => { clearTimeout(timer); fail(new Error(`review exited (${code}): ${err}`)); });
  });
}

async function download(page, selector, name) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const path = join(tmp, name);
  await dl.saveAs(path);
  return readFileSync(path);
}

const units = (tmx) => (tmx.toString('utf8').match(/<tu>/g) || []).length;
const rowCount = (page) => page.locator('#rows .bead').count();
// Until every edit asked for has been answered and painted.
const idle = (page) => page.waitForFunction(() => window.__review.idle());

async function seedTest(browser) {
  const url = await serve([SEED]);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  if (slow > 1) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: slow });
    console.log(`seed test with the page's CPU slowed ${slow}×`);
  }
  await page.goto(url);
  await page.waitForSelector('body[data-ready="1"]');

  const beads = execFileSync(ALIGN, ['--format', 'beads', SEED]).toString().trim().split('\n');
  const rows = await rowCount(page);
  check(rows === beads.length && rows > 2, `seed: ${rows} rows, align --format beads gives ${beads.length} beads`);

  const alignTmx = execFileSync(ALIGN, [SEED]);
  const before = await download(page, '#dl-tmx', 'before.tmx');
  check(Buffer.compare(before, alignTmx) === 0, `unedited page's TMX is byte-identical to align's (${units(before)} units)`);

  // Two neighbouring pairs both exported (confidence at least 0.5): merging
  // them makes one unit of two.
  const target = await page.evaluate(() => {
    const rows = Array.from(document.querySelectorAll('#rows .bead'));
    const exported = (r) => !r.classList.contains('c-un') && !r.classList.contains('lt50');
    for (let i = 0; i + 1 < rows.length; i++) if (exported(rows[i]) && exported(rows[i + 1])) return i;
    return -1;
  });
  check(target >= 0, `seed: two neighbouring exported pairs found (rows ${target} and ${target + 1})`);
  await page.locator('#rows .bead').nth(target).locator('.meta').click();
  await page.click('button[data-act="merge"]');
  await page.waitForFunction((n) => document.querySelectorAll('#rows .bead').length === n, rows - 1);
  await idle(page);
  check((await rowCount(page)) === rows - 1, 'merge with the mouse: one row fewer');
  const merged = page.locator('#rows .bead').nth(target);
  check(await merged.evaluate((el) => el.classList.contains('ed') && el.classList.contains('sel')), 'the merged row is marked edited and selected');

  const after = await download(page, '#dl-tmx', 'after.tmx');
  check(units(after) === units(before) - 1, `TMX after the merge: ${units(after)} units, one fewer than ${units(before)}`);
  let valid = true;
  try {
    execFileSync('xmllint', ['--noout', '--dtdvalid', DTD, join(tmp, 'after.tmx')], { stdio: 'pipe' });
  } catch (e) {
    valid = false;
    console.log(e.code === 'ENOENT' ? 'xmllint not found: install libxml2-utils' : String(e.stderr));
  }
  check(valid, 'TMX after the merge validates against fixtures/tmx14.dtd');

  if (screenshot) {
    await page.locator('#rows .bead').nth(target).scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshot });
    console.log(`screenshot: ${screenshot}`);
  }

  // A bad edit from the keyboard: linking a pair is refused with the
  // library's one-line message, and nothing changes.
  await page.keyboard.press('l');
  await page.waitForSelector('#status.error');
  const msg = await page.locator('#status').textContent();
  check(/cannot link/.test(msg) && (await rowCount(page)) === rows - 1, `bad edit refused: "${msg}"`);

  // Undo from the keyboard brings the two rows back and the TMX with them.
  await page.keyboard.press('z');
  await page.waitForFunction((n) => document.querySelectorAll('#rows .bead').length === n, rows);
  await idle(page);
  const undone = await download(page, '#dl-tmx', 'undone.tmx');
  check(Buffer.compare(undone, alignTmx) === 0, 'undo (z): rows and TMX as before the merge');

  // Split a bead of several English sentences before its third one: click
  // the sentence, press s; one row more, then undo.
  const many = page.locator('#rows .bead').filter({ has: page.locator('.cell.en .s:nth-of-type(3)') }).first();
  await many.locator('.cell.en .s').nth(2).click();
  await page.keyboard.press('s');
  await page.waitForFunction((n) => document.querySelectorAll('#rows .bead').length === n, rows + 1);
  await idle(page);
  check((await rowCount(page)) === rows + 1, `split before a clicked sentence (s): ${await page.locator('#status').textContent()}`);
  await page.keyboard.press('z');
  await page.waitForFunction((n) => document.querySelectorAll('#rows .bead').length === n, rows);
  await idle(page);

  // Keys pressed faster than the server answers are queued, not lost:
  // merge and undo at once leave the rows and the TMX as they were.
  const editsBefore = await page.evaluate(() => window.__review.edits.length);
  await page.keyboard.press('m');
  await page.keyboard.press('z');
  await page.waitForFunction((k) => window.__review.edits.length === k, editsBefore + 2);
  await idle(page);
  const quick = await download(page, '#dl-tmx', 'quick.tmx');
  check((await rowCount(page)) === rows && Buffer.compare(quick, alignTmx) === 0,
    'merge then undo pressed at once (m z): both applied in order, rows and TMX as before');

  // Filter: only the unaligned rows stay visible.
  await page.selectOption('#filter', 'un');
  const shown = await page.locator('#rows .bead:visible').count();
  const un = await page.locator('#rows .bead.c-un').count();
  check(shown === un && un > 0 && un < rows, `filter "unaligned": ${shown} of ${rows} rows shown`);
  await page.selectOption('#filter', '');

  // Load another input by paste: two sentences each side, two rows.
  await page.click('#open-load');
  await page.fill('#paste', '我爱北京。今天天气很好。\nI love Beijing. The weather is very good today.\n');
  await page.click('#do-load');
  await page.waitForFunction(() => document.querySelectorAll('#rows .bead').length === 2);
  check((await rowCount(page)) === 2 && /pasted text/.test(await page.locator('#doc-name').textContent()), 'paste a text: its two pairs shown');

  // Load another file by upload: the page's rows are align's beads of it.
  const other = join(ROOT, 'fixtures/seeds/mnd-2023-chinese-page-then-english-answer.txt');
  const otherBeads = execFileSync(ALIGN, ['--format', 'beads', other]).toString().trim().split('\n').length;
  await page.click('#open-load');
  await page.fill('#paste', '');
  await page.setInputFiles('#f-zh', other);
  await page.click('#do-load');
  await page.waitForFunction((n) => document.querySelectorAll('#rows .bead').length === n, otherBeads);
  const tags = await page.locator('#rows .other .tag').count();
  const junk = await page.locator('#rows .other.k-junk', { hasText: '分享到' }).count();
  check((await rowCount(page)) === otherBeads && tags > 0 && junk > 0, `upload a file: ${otherBeads} rows as align gives, ${tags} pieces of set-aside text labelled, the share widget as junk`);
  const uploaded = await download(page, '#dl-tmx', 'uploaded.tmx');
  check(Buffer.compare(uploaded, execFileSync(ALIGN, [other])) === 0, 'uploaded file: TMX byte-identical to align\'s');
  await page.close();
}

async function bibleTest(browser) {
  const url = await serve(['--presplit', join(bible, 'zh/001'), join(bible, 'en/001')]);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const t0 = Date.now();
  await page.goto(url);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 30000 });
  const wall = Date.now() - t0;
  const first = await page.evaluate(() => window.__review.firstPaintMs);
  const rows = await rowCount(page);
  console.log(`bible: ${rows} rows; first paint ${first.toFixed(0)} ms after navigation start (page.goto to ready: ${wall} ms)`);
  check(first < 2000, `bible: first paint ${first.toFixed(0)} ms < 2000 ms`);

  // Edits in the middle of the book, by mouse (merge) and keyboard (undo,
  // unlink, undo), each timed from the request to the changed rows painted.
  const times = [];
  for (const at of [1000, 2500, 4000]) {
    const row = page.locator('#rows .bead').nth(at);
    await row.scrollIntoViewIfNeeded();
    await row.locator('.meta').click();
    for (const [how, n] of [['merge', -1], ['z', 1], ['u', 1], ['z', -1]]) {
      const before = await rowCount(page);
      if (how === 'merge') await page.click('button[data-act="merge"]');
      else await page.keyboard.press(how);
      await page.waitForFunction((k) => document.querySelectorAll('#rows .bead').length === k, before + n);
      await page.waitForFunction((k) => window.__review.edits.length === k, times.length + 1);
      const e = await page.evaluate(() => window.__review.edits[window.__review.edits.length - 1]);
      if (process.env.VERBOSE) console.log(JSON.stringify(e));
      times.push(e.ms);
    }
  }
  check((await rowCount(page)) === rows, 'bible: back to the first rows after the undos');
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  console.log(`bible: ${times.length} edits, ms: ${times.map((t) => t.toFixed(1)).join(' ')}; median ${median.toFixed(1)}, max ${sorted[sorted.length - 1].toFixed(1)}`);
  check(median < 100, `bible: median edit ${median.toFixed(1)} ms < 100 ms`);

  // Filter and jump on a book: the next low-confidence pair.
  await page.selectOption('#filter', 'lt80');
  await page.keyboard.press('n');
  await idle(page);
  const jumped = await page.locator('#status').textContent();
  const sel = await page.evaluate(() => window.__review.selected());
  check(sel && sel[4] < 0.8 && sel[1] > sel[0] && sel[3] > sel[2], `bible: next low-confidence pair: "${jumped}"`);
  await page.close();
}

let browser;
try {
  if (!existsSync(BROWSER)) throw new Error(`no Chromium at ${BROWSER} (set CHROMIUM)`);
  browser = await chromium.launch({
    executablePath: BROWSER,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  await seedTest(browser);
  if (bible) await bibleTest(browser);
} catch (e) {
  failed++;
  console.log(`FAILED: ${e.stack || e}`);
} finally {
  if (browser) await browser.close();
  for (const s of servers) s.kill();
  rmSync(tmp, { recursive: true, force: true });
}
writeFileSync(1, `${passed} passed, ${failed} failed\n`);
process.exit(failed ? 1 : 0);
