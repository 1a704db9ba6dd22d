// Checks `order-fsm preview` in headless Chromium, on a copy of specs/order.fsm:
//   * the page shows the diagram, the 状态流转表 and the proved rules, and no request leaves
//     127.0.0.1;
//   * a save redraws the page (server-sent events), with no reload;
//   * a broken save keeps the last good diagram under the banner, the state the error is on
//     drawn in red, and a fix brings the page back;
//   * a save by rename and a delete followed by a new file come back too;
//   * clicking a state shows its spec line;
//   * the simulate panel walks the order through a scenario by clicking, shows a refusal's
//     reason exactly as `order-fsm simulate` prints it, and offers the walk as a scenario.
//
// Usage: node preview.mjs ORDER_FSM_BINARY SPEC
// Environment: CHROMIUM (default /usr/bin/chromium).

import { chromium } from 'playwright-core';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

const [bin, source] = process.argv.slice(2);
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
if (!fs.existsSync(chromiumPath)) {
  const why = `no Chromium at ${chromiumPath} (.ci/install-doc-tools installs it)`;
  if (process.env.ORDER_FSM_REQUIRE_TOOLS === '1') {
    console.log(`FAIL preview: ${why}, and ORDER_FSM_REQUIRE_TOOLS=1 requires it`);
    process.exit(1);
  }
  console.log(`skip preview: ${why}`);
  process.exit(0);
}
let failures = 0;
let passes = 0;
const fail = (what, msg) => { failures++; console.log(`FAIL preview ${what}: ${msg}`); };
const pass = (what, msg = '') => { passes++; console.log(`ok   preview ${what}${msg ? ' ' + msg : ''}`); };

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'order-fsm-preview-'));
const spec = path.join(dir, 'order.fsm');
const good = fs.readFileSync(source, 'utf8');
fs.writeFileSync(spec, good);

const server = spawn(bin, ['preview', spec, '--lang', 'zh'], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve, reject) => {
  const rl = readline.createInterface({ input: server.stdout });
  rl.once('line', (line) => {
    const m = line.match(/http:\/\/127\.0\.0\.1:\d+\//);
    if (m) resolve(m[0]); else reject(new Error(`no address in: ${line}`));
  });
  server.once('exit', (code) => reject(new Error(`order-fsm preview exited with ${code}`)));
});

const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'order-fsm-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: chromiumPath,
  headless: true,
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
  viewport: { width: 1400, height: 900 },
});

// Waits until `probe` (run in the page) returns something true; that value, or null after
// `ms` milliseconds.
const until = async (page, probe, arg, ms = 15000) => {
  try {
    const h = await page.waitForFunction(probe, arg, { timeout: ms, polling: 25 });
    return await h.jsonValue();
  } catch (e) {
    return null;
  }
};
// Expressions for the page: what the document in the frame shows, and what the page shows
// (`ok`, `errors`, `gone`, `unreadable`).
const DOC_TEXT = "(() => { const f = document.getElementById('pv-doc'); const d = f && f.contentDocument; return d && d.body ? d.body.innerText : ''; })()";
const KIND = "(() => { const s = document.getElementById('pv-state'); return s ? s.getAttribute('data-kind') : null; })()";
// Writes the file and waits for the page to show `probe`; the time it took.
const saveAndWait = async (page, text, probe, how = 'write') => {
  const t0 = Date.now();
  if (how === 'rename') {
    const tmp = path.join(dir, '.order.fsm.swp');
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, spec);
  } else {
    fs.writeFileSync(spec, text);
  }
  const ok = await until(page, probe);
  return ok ? Date.now() - t0 : null;
};

try {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('request', (req) => {
    const u = req.url();
    if (!u.startsWith(url) && !u.startsWith('about:') && !u.startsWith('data:')) {
      errors.push(`request outside the preview: ${u}`);
    }
  });
  await page.goto(url);

  // The page as served.
  const first = await until(page, () => {
    const f = document.getElementById('pv-doc');
    const d = f && f.contentDocument;
    if (!d || !d.querySelector('#diagram svg .state')) return null;
    return {
      states: [...d.querySelectorAll('#diagram svg .state[data-state]')].map((g) => g.getAttribute('data-state')),
      flowRows: d.querySelectorAll('table.flow tbody tr').length,
      proved: d.querySelectorAll('#rules .ok').length,
      text: d.body.innerText,
    };
  });
  // What the spec declares, read from its text.
  const declared = [...good.matchAll(/^\s*state\s+(\w+)/gm)].map((m) => m[1]);
  const lines = [...good.matchAll(/^\s*(\w+|any)\s+(->|after)\s/gm)].length;
  const rules = [...good.matchAll(/^\s*rule\s+"/gm)].length;
  if (!first) fail('page', 'no diagram in the page');
  else if (declared.some((s) => !first.states.includes(s)) || first.flowRows !== lines || first.proved !== rules
    || !first.text.includes('状态流转表')) {
    fail('page', JSON.stringify({ ...first, text: undefined, declared, lines, rules }));
  } else pass('page', `(${declared.length} states drawn, ${lines} rows in the 状态流转表, ${rules} rules proved)`);
  await page.evaluate(() => { window.pvSameDocument = true; });

  // A save redraws.
  const relabelled = good.replace('"待付款"', '"等待买家付款"');
  let ms = await saveAndWait(page, relabelled, `${DOC_TEXT}.includes('等待买家付款')`);
  if (ms === null) fail('redraw', 'the new label never showed');
  else pass('redraw', `(${ms} ms from the save to the new diagram in the page)`);

  // A broken save: banner, the last good diagram, the state the error is on in red.
  const broken = relabelled.replace('-> Paid      on Pay', '-> Payed     on Pay');
  if (broken === relabelled) fail('broken save', 'the test could not break the spec');
  ms = await saveAndWait(page, broken, `${KIND} === 'errors'`);
  const shown = await page.evaluate(() => {
    const f = document.getElementById('pv-doc');
    const d = f && f.contentDocument;
    const rect = d && d.querySelector('svg .state[data-state="Created"] > rect');
    return {
      banner: (document.querySelector('.pv-banner') || {}).innerText || '',
      diags: (document.querySelector('.pv-diag') || {}).innerText || '',
      kept: d ? d.body.innerText.includes('等待买家付款') : false,
      stroke: rect ? getComputedStyle(rect).stroke : '',
    };
  });
  if (ms === null) fail('broken save', 'no banner');
  else if (!shown.banner.includes('最后一个没有错误的版本') || !shown.kept || !shown.diags.includes('Payed')
    || shown.stroke !== 'rgb(221, 17, 17)') {
    fail('broken save', JSON.stringify(shown));
  } else pass('broken save', '(banner, last good diagram kept, Created marked, diagnostics shown)');

  // Fixed: back by itself.
  ms = await saveAndWait(page, good, `${KIND} === 'ok' && !document.querySelector('.pv-banner')`);
  if (ms === null) fail('fix', 'the banner stayed');
  else pass('fix', `(${ms} ms)`);

  // Saved by rename; deleted and created again.
  ms = await saveAndWait(page, relabelled, `${DOC_TEXT}.includes('等待买家付款')`, 'rename');
  if (ms === null) fail('rename', 'a save by rename was not shown');
  else pass('rename', `(${ms} ms)`);
  fs.rmSync(spec);
  const gone = await until(page, `${KIND} === 'gone' && document.querySelector('.pv-banner').innerText`);
  if (!gone || !gone.includes('不见了')) fail('delete', `no message: ${gone}`);
  else pass('delete', '(a message, the last diagram kept)');
  ms = await saveAndWait(page, good, `${KIND} === 'ok'`);
  if (ms === null) fail('recreate', 'the page did not come back');
  else pass('recreate', `(${ms} ms)`);
  const same = await page.evaluate(() => window.pvSameDocument === true);
  if (!same) fail('redraw', 'the page was reloaded instead of redrawn');

  // Clicking a state shows its spec line.
  await until(page, () => {
    const f = document.getElementById('pv-doc');
    return f && f.contentDocument && f.contentDocument.querySelector('#diagram svg .state[data-state="Paid"]');
  });
  const frame = page.frameLocator('#pv-doc');
  await frame.locator('#diagram svg .state[data-state="Paid"]').first().click();
  const where = await until(page, () => (document.querySelector('#pv-line .pv-where') || {}).innerText);
  if (!where || !/第 \d+ 行/.test(where) || !where.includes('state Paid')) fail('click', `spec line shown: ${where}`);
  else pass('click', `(${where.trim()})`);

  // The simulate panel: Pay, Ship by seller, Cancel (refused), wait 10d.
  const fire = async (event, role = '') => {
    await page.selectOption('#pv-event', event);
    await page.selectOption('#pv-role', role);
    await page.click('#pv-fire');
  };
  const steps = ['Pay', 'Ship by seller', 'Cancel', 'after 10d'];
  await page.click('#pv-reset');
  await fire('Pay');
  await fire('Ship', 'seller');
  await fire('Cancel');
  await page.fill('#pv-wait', '10d');
  await page.click('#pv-wait-go');
  const cli = spawnSync(bin, ['simulate', '--lang', 'zh', '--color', 'never', spec, ...steps], { encoding: 'utf8' });
  const out = await until(page, (want) => {
    const o = document.getElementById('pv-sim-out').textContent;
    return o === want ? o : null;
  }, cli.stdout);
  const err = await page.evaluate(() => document.getElementById('pv-sim-err').textContent);
  const scenario = await page.evaluate(() => document.getElementById('pv-scenario').value);
  if (!out) {
    const o = await page.evaluate(() => document.getElementById('pv-sim-out').textContent);
    fail('simulate', `the panel shows:\n${o}\nsimulate prints:\n${cli.stdout}`);
  } else if (!out.includes('被拒绝') || err !== cli.stderr) {
    fail('simulate', `no refusal reason, or errors differ:\n${out}\n${err}\n${cli.stderr}`);
  } else if (!scenario.includes('Cancel => rejected') || !scenario.includes('after 10d => Completed')) {
    fail('simulate', `the scenario to copy: ${scenario}`);
  } else {
    const reason = out.split('\n').find((l) => l.includes('被拒绝'));
    pass('simulate', `(as simulate prints it: ${reason.trim()})`);
  }
  await page.screenshot({ path: path.join(dir, 'preview.png'), fullPage: true });
  if (errors.length) fail('page errors', errors.join(' | '));
  await page.close();
} finally {
  await context.close();
  server.kill();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}

console.log(`\npreview: ${passes} passed, ${failures} failed; screenshot in ${dir}`);
process.exit(failures ? 1 : 0);
