// The class board in a real browser: starts `salesim classroom serve` on 127.0.0.1, joins three
// trainees through the HTTP API (one named like an HTML injection), opens the trainer's board in
// Debian's headless chromium and checks what a person would see: the roster as text, a decision
// moving a trainee within a second, a frozen point showing only how many have voted, the revealed
// split as bars, the projector's board without names once the trainer hides them. Screenshots are
// kept in the output folder. Exits non-zero with the reason on the first failure; 60 s at most.
//
// Usage: node board_test.mjs --salesim BIN --chromium BIN --modules NODE_MODULES --out DIR
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

const OVERALL_MS = 60_000;
const MOVE_MS = 1_000; // a decision shows on the board within this
const WAIT_MS = 10_000; // anything else the board is waiting for

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
for (const need of ['salesim', 'chromium', 'modules', 'out']) {
  if (!args[need]) {
    console.error(`usage: node board_test.mjs --salesim BIN --chromium BIN --modules NODE_MODULES --out DIR (no --${need})`);
    process.exit(2);
  }
}
const require = createRequire(path.join(path.dirname(path.resolve(args.modules)), 'board_test.cjs'));
const puppeteerModule = require('puppeteer-core');
const puppeteer = puppeteerModule.default || puppeteerModule;

const EVIL = '<img src=x onerror=alert(1)>';
const NAMES = ['Maija Virtanen', 'Jussi Lahtinen', EVIL];

let server = null;
let browser = null;
const work = mkdtempSync(path.join(tmpdir(), 'salesim-board-'));
let passed = 0;

function ok(what) {
  passed += 1;
  console.log(`ok ${passed} - ${what}`);
}

class Failure extends Error {}
function fail(message) {
  throw new Failure(message);
}

async function cleanup() {
  if (browser) await browser.close().catch(() => {});
  browser = null;
  if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
}

const overall = setTimeout(async () => {
  console.error(`FAIL: the test did not finish within ${OVERALL_MS / 1000} s`);
  await cleanup();
  process.exit(1);
}, OVERALL_MS);

// ---- The server --------------------------------------------------------------------------------

async function startServer() {
  const serveArgs = ['--data-dir', path.join(work, 'data'), 'classroom', 'serve', '--scenario', 'tutorial-first-sale',
    '--mode', 'practice', '--bind', '127.0.0.1', '--port', '0', '--json'];
  server = spawn(args.salesim, serveArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  server.stderr.on('data', (d) => {
    stderr += d;
  });
  const lines = createInterface({ input: server.stdout });
  const ready = new Promise((resolve, reject) => {
    lines.on('line', (line) => {
      try {
        const info = JSON.parse(line);
        if (info && info.address) resolve(info);
      } catch (e) {
        // not the ready line
      }
    });
    server.on('exit', (code, signal) =>
      reject(new Failure(`salesim ${serveArgs.join(' ')} ended (${signal || code}) before it was ready:\n${stderr}`)));
    server.on('error', (e) => reject(new Failure(`cannot start ${args.salesim}: ${e.message}`)));
  });
  const timeout = new Promise((_, reject) =>
    setTimeout(() => reject(new Failure(`the server printed no ready line within ${WAIT_MS / 1000} s:\n${stderr}`)), WAIT_MS));
  const info = await Promise.race([ready, timeout]);
  for (const field of ['address', 'code', 'board_url', 'trainer_url']) {
    if (typeof info[field] !== 'string' || !info[field]) fail(`the ready line lacks "${field}": ${JSON.stringify(info)}`);
  }
  return info;
}

async function api(base, method, route, token, body) {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(base + route, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch (e) {
    json = null;
  }
  if (!response.ok) fail(`${method} ${route} answered ${response.status}: ${text}`);
  return json;
}

function keyOf(url) {
  const key = new URL(url).hash.replace(/^#/, '');
  return new URLSearchParams(key).get('key') || fail(`no #key= in ${url}`);
}

// ---- The browser -------------------------------------------------------------------------------

async function openPage(url, dialogs, errors) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 720 });
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss().catch(() => {});
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('requestfailed', (request) => {
    // The event stream is cut when the page closes or the server stops: that is no failure.
    if (!request.url().includes('/events')) errors.push(`request failed: ${request.url()} ${request.failure()?.errorText}`);
  });
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  return page;
}

async function waitFor(page, what, fn, arg, timeout = WAIT_MS) {
  try {
    await page.waitForFunction(fn, { timeout, polling: 50 }, arg);
  } catch (e) {
    fail(`${what}: not seen on the board within ${timeout} ms (${e.message.split('\n')[0]})`);
  }
}

async function screenshot(page, name, width, height) {
  await page.setViewport({ width, height });
  await new Promise((resolve) => setTimeout(resolve, 200));
  const file = path.join(args.out, `${name}-${width}x${height}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

// ---- The test ----------------------------------------------------------------------------------

async function main() {
  const info = await startServer();
  const base = info.address.replace(/\/$/, '');
  const trainerKey = keyOf(info.trainer_url);
  ok(`server ready at ${base}`);

  const trainees = [];
  for (const name of NAMES) {
    const joined = await api(base, 'POST', '/api/v1/join', null, { code: info.code, name });
    if (!joined || !joined.token || !joined.registration || !joined.trainee) fail(`join answered ${JSON.stringify(joined)}`);
    trainees.push({ name, token: joined.token, registration: joined.registration, number: joined.trainee.number });
  }
  ok('three trainees joined through the API');

  browser = await puppeteer.launch({
    executablePath: args.chromium,
    headless: true,
    userDataDir: path.join(work, 'chromium'),
    // Chromium keeps a certificate store under $HOME (~/.pki): the test's own folder, not the user's.
    env: { ...process.env, HOME: work },
    args: [...(process.getuid && process.getuid() === 0 ? ['--no-sandbox'] : []), '--no-first-run',
      '--disable-gpu', '--disable-dev-shm-usage', '--no-proxy-server', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const dialogs = [];
  const errors = [];
  const page = await openPage(info.trainer_url, dialogs, errors);

  // The roster: every name as text, the injection inert.
  await waitFor(page, 'the three names on the roster', (names) => {
    const shown = [...document.querySelectorAll('.roster-grid .trainee .name')].map((n) => n.textContent);
    return names.every((n) => shown.includes(n));
  }, NAMES);
  const evil = await page.evaluate((name) => {
    const node = [...document.querySelectorAll('.trainee .name')].find((n) => n.textContent === name);
    return { children: node ? node.children.length : -1, img: document.querySelectorAll('img[src="x"]').length };
  }, EVIL);
  if (evil.children !== 0 || evil.img !== 0) fail(`the name ${EVIL} became HTML: ${JSON.stringify(evil)}`);
  if (dialogs.length) fail(`a dialog opened: ${dialogs.join('; ')}`);
  ok('the roster shows the three names as text; no img element, no dialog');
  if (await page.evaluate(() => location.hash !== '')) fail('the trainer key stayed in the address bar');
  ok('the key left the address bar');
  await waitFor(page, 'the QR code drawn', () => {
    const qr = document.querySelector('img.qr');
    return qr && qr.complete && qr.naturalWidth > 0;
  });
  ok('the QR code of the join address is drawn');

  // A decision moves its trainee on the board within a second.
  const mover = trainees[0];
  const rowOf = (number) => page.evaluate((n) => {
    const row = document.querySelector(`.trainee[data-number="${n}"]`);
    return row ? { stage: row.querySelector('.stage').textContent, progress: row.querySelector('.progress').textContent } : null;
  }, number);
  const before = await rowOf(mover.number);
  if (!before) fail(`no roster row for number ${mover.number}`);
  const answer = await api(base, 'POST', '/api/v1/decisions', mover.token,
    { registration: mover.registration, index: 0, option: 0, hinted: false });
  if (!answer || answer.acknowledged !== 1) fail(`the decision was answered ${JSON.stringify(answer)}`);
  const sent = Date.now();
  await waitFor(page, `trainee #${mover.number}'s row changing after a decision`, ([n, was]) => {
    const row = document.querySelector(`.trainee[data-number="${n}"]`);
    return row && (row.querySelector('.stage').textContent !== was.stage || row.querySelector('.progress').textContent !== was.progress);
  }, [mover.number, before], MOVE_MS);
  ok(`a decision showed on the board in ${Date.now() - sent} ms (${before.progress} -> ${(await rowOf(mover.number)).progress})`);

  // Freeze the point the others are at, vote, and see only the count.
  let board = await api(base, 'GET', '/api/v1/board', trainerKey);
  const strings = board.strings || {};
  const text = (name, vars) => (strings[name] || name).replace(/\{(\w+)\}/g, (m, v) => (v in vars ? String(vars[v]) : m));
  const point = (board.points || []).find((p) => p.decided >= 1) || (board.points || [])[0] || (board.upcoming || [])[0];
  if (!point) fail(`the board names no decision point: ${JSON.stringify(board.points)}`);
  await api(base, 'POST', '/api/v1/trainer/freeze', trainerKey, { point: point.point });
  const voters = trainees.slice(1);
  for (const [i, voter] of voters.entries()) {
    await api(base, 'POST', '/api/v1/votes', voter.token, { registration: voter.registration, point: point.point, option: i % 2 });
  }
  const votedText = text('board.voted', { n: voters.length });
  await waitFor(page, `"${votedText}" on the frozen point ${point.point}`, ([p, want]) => {
    const card = [...document.querySelectorAll('.point')].find((c) => c.dataset.point === p);
    return card && card.querySelector('.votes') && !card.querySelector('.votes').hidden &&
      card.querySelector('.votes').textContent === want;
  }, [point.point, votedText]);
  const hidden = await page.evaluate((p) => {
    const card = [...document.querySelectorAll('.point')].find((c) => c.dataset.point === p);
    return { counts: card.querySelectorAll('.option .count').length, bars: card.querySelectorAll('.bar').length,
      options: card.querySelectorAll('.option').length };
  }, point.point);
  if (hidden.counts !== 0 || hidden.bars !== 0) fail(`the frozen point shows its split before the reveal: ${JSON.stringify(hidden)}`);
  if (hidden.options < 2) fail(`the frozen point lists ${hidden.options} options`);
  ok(`the frozen point ${point.point} shows only "${votedText}"`);
  const frozenShot = await screenshot(page, 'board-trainer-frozen', 1280, 720);

  // Reveal the distribution: bars with the server's counts.
  await api(base, 'POST', '/api/v1/trainer/reveal', trainerKey, { point: point.point, what: 'distribution' });
  await waitFor(page, 'the revealed split as bars', (p) => {
    const card = [...document.querySelectorAll('.point')].find((c) => c.dataset.point === p);
    return card && card.querySelectorAll('.option .count').length > 0 && card.querySelectorAll('.bar-fill').length > 0;
  }, point.point);
  board = await api(base, 'GET', '/api/v1/board', trainerKey);
  const served = board.points.find((p) => p.point === point.point);
  const shown = await page.evaluate((p) => {
    const card = [...document.querySelectorAll('.point')].find((c) => c.dataset.point === p);
    return [...card.querySelectorAll('.option')].map((o) => ({
      count: Number(o.querySelector('.count').textContent),
      width: parseFloat(o.querySelector('.bar-fill').style.width),
    }));
  }, point.point);
  const counts = served.options.map((o) => o.count);
  if (JSON.stringify(shown.map((s) => s.count)) !== JSON.stringify(counts)) {
    fail(`the bars show ${JSON.stringify(shown.map((s) => s.count))}, the server counts ${JSON.stringify(counts)}`);
  }
  if (counts.reduce((a, b) => a + b, 0) < voters.length) fail(`the split ${JSON.stringify(counts)} lacks the ${voters.length} votes`);
  const most = Math.max(...counts);
  for (const [i, s] of shown.entries()) {
    const want = most ? (100 * counts[i]) / most : 0;
    if (Math.abs(s.width - want) > 0.5) fail(`option ${i}'s bar is ${s.width}% wide for ${counts[i]} of ${most}`);
  }
  ok(`the revealed split shows as bars: ${JSON.stringify(counts)}`);
  const trainerShot = await screenshot(page, 'board-trainer', 1280, 720);
  await screenshot(page, 'board-trainer', 1920, 1080);

  // The projector's board: no trainer controls; with names hidden, numbers only.
  const projector = await openPage(info.board_url, dialogs, errors);
  await waitFor(projector, 'the projector board with the roster', (n) => document.querySelectorAll('.trainee').length === n, NAMES.length);
  const controls = await projector.evaluate(() => document.querySelectorAll('.controls, .trainer-bar:not([hidden])').length);
  if (controls !== 0) fail(`the board key's view shows ${controls} trainer controls`);
  await api(base, 'POST', '/api/v1/trainer/names', trainerKey, { hidden: true });
  await waitFor(projector, 'names hidden on the projector', () =>
    [...document.querySelectorAll('.trainee .name')].every((n) => n.hidden || n.textContent === ''));
  const leaked = await projector.evaluate((names) => names.filter((n) => document.body.textContent.includes(n)), NAMES);
  if (leaked.length) fail(`the projector still shows ${leaked.join(', ')} with names hidden`);
  // A page in a background tab is not drawn: the one looked at comes to the front first.
  await page.bringToFront();
  await waitFor(page, 'names still on the trainer board', (names) => {
    const shown = [...document.querySelectorAll('.trainee .name')].map((n) => n.textContent);
    return names.every((n) => shown.includes(n)) && document.querySelector('#hide-names').checked;
  }, NAMES);
  ok('the projector board hides names (numbers only) while the trainer still sees them');
  await projector.bringToFront();
  const projectorShot = await screenshot(projector, 'board-projector', 1920, 1080);
  await screenshot(projector, 'board-projector', 1280, 720);

  if (dialogs.length) fail(`a dialog opened: ${dialogs.join('; ')}`);
  if (errors.length) fail(`the page reported errors:\n  ${errors.join('\n  ')}`);
  ok('no dialog, no page error, no failed request');

  // The address's own page says what it is, in words from the string tables.
  const index = await (await fetch(base + '/')).text();
  if (!index.includes('<h1>') || /\{\{[a-z0-9_.]+\}\}/.test(index)) {
    fail(`GET / shows unfilled placeholders (the server fills index.html with fill_page):\n${index}`);
  }
  ok('GET / says what the address is');

  // SIGTERM stops the server cleanly.
  await browser.close();
  browser = null;
  const exited = once(server, 'exit');
  server.kill('SIGTERM');
  const stopped = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve(null), WAIT_MS))]);
  if (!stopped) fail(`the server did not stop within ${WAIT_MS / 1000} s of SIGTERM`);
  const [code, signal] = stopped;
  if (code !== 0) fail(`the server ended with ${signal || code} on SIGTERM, not 0`);
  ok('SIGTERM stopped the server cleanly');
  console.log(`screenshots: ${frozenShot}, ${trainerShot}, ${projectorShot} (and the other sizes)`);
}

try {
  await main();
  console.log(`board browser: ${passed} passed, 0 failed`);
  clearTimeout(overall);
  await cleanup();
} catch (e) {
  console.error(e instanceof Failure ? `FAIL: ${e.message}` : `FAIL: ${e.stack || e}`);
  console.log(`board browser: ${passed} passed, 1 failed`);
  clearTimeout(overall);
  await cleanup();
  process.exit(1);
}
