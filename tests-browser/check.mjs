// Checks generated documents with the real tools people will open them with:
//   * every Mermaid diagram (`*.mmd`, and each ```mermaid block of `*.md`) is parsed and
//     rendered by the Mermaid library in headless Chromium and checked against the `.json`
//     written with it: state labels shown as is, timeout links dashed and event links solid,
//     one node per final state and no shared end marker; each rendering is saved as a
//     screenshot (`NAME.mermaid.png`);
//   * every HTML page is opened in headless Chromium: no page errors, the diagram and the
//     tables are there, every state label from the matching `.json` is present as text, and
//     hovering a state highlights something; at a 1,024 px window the edge labels are at
//     least 11 CSS px and the zoom-in button zooms; matrix cells limited to some roles name
//     them and payload field docs are in the event table; screenshots are saved;
//   * every DOT file is run through `dot -Tsvg`.
//
// Usage: node check.mjs DIR   (DIR holds the output of `order-fsm doc --format all`)
//   * every PlantUML file passes `plantuml -syntax`, when PlantUML is installed.
// Environment: CHROMIUM (default /usr/bin/chromium), DOT (default dot), PLANTUML.

import { chromium } from 'playwright-core';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = path.resolve(process.argv[2] || path.join(here, 'out'));
const shots = path.join(dir, 'screenshots');
fs.mkdirSync(shots, { recursive: true });

const files = fs.readdirSync(dir).sort();
const pick = (ext) => files.filter((f) => f.endsWith(ext)).map((f) => path.join(dir, f));
let failures = 0;
let passes = 0;
const fail = (what, msg) => { failures++; console.log(`FAIL ${what}: ${msg}`); };
const pass = (what, msg = '') => { passes++; console.log(`ok   ${what}${msg ? ' ' + msg : ''}`); };

// ---------------------------------------------------------------- Graphviz
const dotBin = process.env.DOT || 'dot';
for (const file of pick('.dot')) {
  const name = path.basename(file);
  const r = spawnSync(dotBin, ['-Tsvg', file], { encoding: 'utf8' });
  if (r.error) { fail(name, `cannot run ${dotBin}: ${r.error.message}`); continue; }
  if (r.status !== 0) { fail(name, `dot exited ${r.status}: ${r.stderr}`); continue; }
  if (/error/i.test(r.stderr)) { fail(name, `dot reported: ${r.stderr}`); continue; }
  if (!r.stdout.includes('<svg')) { fail(name, 'dot produced no SVG'); continue; }
  pass(name, 'dot -Tsvg');
}

// ---------------------------------------------------------------- PlantUML (when installed)
const plantuml = process.env.PLANTUML || 'plantuml';
const pumls = pick('.puml');
if (pumls.length > 0) {
  const probe = spawnSync(plantuml, ['-version'], { encoding: 'utf8' });
  // `plantuml -version` exits non-zero when Graphviz is missing, which `-syntax` does not need.
  if (probe.error || !/PlantUML version/.test(probe.stdout || '')) {
    const why = `\`${plantuml}\` is not installed (.ci/install-doc-tools --with-plantuml)`;
    if (process.env.ORDER_FSM_REQUIRE_TOOLS === '1') {
      fail('PlantUML', `${why}, and ORDER_FSM_REQUIRE_TOOLS=1 requires it`);
    } else {
      console.log(`skip PlantUML: ${why}`);
    }
  } else {
    for (const file of pumls) {
      const name = path.basename(file);
      const r = spawnSync(plantuml, ['-syntax'], { input: fs.readFileSync(file), encoding: 'utf8' });
      const first = (r.stdout || '').split('\n')[0].trim();
      if (r.status !== 0 || first.toUpperCase() !== first || /ERROR/.test(r.stdout) || !/^STATE/.test(first)) {
        fail(name, `plantuml -syntax: ${r.stdout} ${r.stderr}`);
      } else {
        pass(name, `plantuml ${first}`);
      }
    }
  }
}

// ---------------------------------------------------------------- Chromium
const mermaidJs = path.join(here, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js');
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'order-fsm-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
  viewport: { width: 1400, height: 900 },
  offline: true,
});

try {
  // Mermaid: one page, the library loaded from node_modules. Each diagram is checked against
  // the `.json` written with it: every state label shows as is, timeout links are dashed and
  // event links solid, each final state is its own node (no shared end marker), and nothing
  // else is drawn but the start marker, the "any" box and the notes box.
  const diagrams = [];
  for (const file of pick('.mmd')) {
    diagrams.push({ name: path.basename(file), text: fs.readFileSync(file, 'utf8'), json: file.replace(/\.mmd$/, '.json') });
  }
  for (const file of pick('.md')) {
    const md = fs.readFileSync(file, 'utf8');
    const blocks = [...md.matchAll(/```mermaid\n([\s\S]*?)```/g)];
    if (blocks.length === 0) { fail(path.basename(file), 'no mermaid block'); }
    blocks.forEach((b, i) => diagrams.push({
      name: `${path.basename(file)}#mermaid${i + 1}`, text: b[1], json: file.replace(/\.md$/, '.json'),
    }));
  }
  if (diagrams.length > 0) {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.setContent('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0;background:#fff"><div id="c" style="display:inline-block;padding:8px"></div></body></html>');
    await page.addScriptTag({ path: mermaidJs });
    await page.evaluate(() => window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' }));
    // The harness itself: a broken diagram must be reported, or the checks below mean nothing.
    const broken = await page.evaluate(async () => {
      try { await window.mermaid.parse('flowchart TB\n  A -->|"x| B\n  end'); return false; } catch (e) { return true; }
    });
    if (broken) pass('mermaid self-check', '(a broken diagram is rejected)');
    else fail('mermaid self-check', 'mermaid.parse accepted a broken diagram');
    const norm = (t) => String(t).replace(/\s+/g, ' ').trim();
    for (const [i, d] of diagrams.entries()) {
      const r = await page.evaluate(async ({ text, id }) => {
        const c = document.getElementById('c');
        c.innerHTML = '';
        try {
          await window.mermaid.parse(text);
          const { svg } = await window.mermaid.render(id, text);
          c.innerHTML = svg;
          const root = c.querySelector('svg');
          // Drawn at its own size for the screenshot, as GitHub shows it, not shrunk to the page.
          root.style.maxWidth = 'none';
          if (root.viewBox.baseVal && root.viewBox.baseVal.width) root.setAttribute('width', root.viewBox.baseVal.width);
          const kind = (p) => {
            const cls = p.getAttribute('class') || '';
            if (/edge-thickness-invisible/.test(cls)) return 'invisible';
            return /edge-pattern-(dotted|dashed)/.test(cls) ? 'dashed' : 'solid';
          };
          const paths = {};
          for (const p of root.querySelectorAll('path[data-edge="true"]')) paths[p.getAttribute('data-id')] = kind(p);
          const labelled = [...root.querySelectorAll('.edgeLabel .label[data-id]')]
            .map((l) => ({ text: l.textContent, kind: paths[l.getAttribute('data-id')] }))
            .filter((l) => l.text.trim() !== '');
          const nodes = [...root.querySelectorAll('g.node')];
          return {
            ok: true,
            error: svg.includes('Syntax error'),
            text: root.textContent,
            kinds: Object.values(paths),
            labelled,
            nodes: nodes.length,
            finals: nodes.filter((n) => n.classList.contains('finalState')).map((n) => n.textContent),
          };
        } catch (e) {
          return { ok: false, message: String(e && e.message ? e.message : e) };
        }
      }, { text: d.text, id: `m${i}` });
      if (!r.ok) { fail(d.name, `mermaid: ${r.message}`); continue; }
      if (r.error) { fail(d.name, 'mermaid rendered a syntax error'); continue; }
      const shot = path.join(shots, `${d.name.replace(/#/g, '.')}.mermaid.png`);
      await (await page.$('#c')).screenshot({ path: shot });
      if (!fs.existsSync(d.json)) { fail(d.name, `no ${path.basename(d.json)} to check it against`); continue; }
      const j = JSON.parse(fs.readFileSync(d.json, 'utf8'));
      const problems = [];
      const text = norm(r.text);
      const missing = j.states.map((s) => norm(s.label || s.id)).filter((l) => !text.includes(l));
      if (missing.length) problems.push(`labels missing from the rendered diagram: ${missing.join(', ')}`);
      // One drawn link per source state of a line, one from the "any" box for an `any` line.
      // Lines without a target (reminders, events handled in place) are written inside their
      // state, not drawn as links.
      const linked = j.transitions.filter((t) => t.to !== null && t.to !== undefined);
      const drawn = (t) => (t.from_any ? 1 : t.from.length);
      const timeouts = linked.filter((t) => t.timeout).reduce((n, t) => n + drawn(t), 0);
      const events = linked.filter((t) => !t.timeout).reduce((n, t) => n + drawn(t), 0);
      const count = (k) => r.kinds.filter((x) => x === k).length;
      if (count('dashed') !== timeouts) problems.push(`${count('dashed')} dashed links, expected ${timeouts} (the timeouts)`);
      const start = j.initial ? 1 : 0;
      if (count('solid') !== events + start) problems.push(`${count('solid')} solid links, expected ${events} events and ${start} start`);
      for (const l of r.labelled) {
        const want = l.text.trim().startsWith('⏱') ? 'dashed' : 'solid';
        if (l.kind !== want) problems.push(`the link labelled "${norm(l.text)}" is ${l.kind}, expected ${want}`);
      }
      const finals = j.states.filter((s) => s.final).map((s) => norm(s.label || s.id)).sort();
      const drawnFinals = r.finals.map(norm).sort();
      if (JSON.stringify(finals) !== JSON.stringify(drawnFinals)) {
        problems.push(`final-state nodes ${JSON.stringify(drawnFinals)}, expected one per final state ${JSON.stringify(finals)}`);
      }
      const any = linked.some((t) => t.from_any) ? 1 : 0;
      const notes = j.notes.length && j.states.length ? 1 : 0;
      const nodes = j.states.length + start + any + notes;
      if (r.nodes !== nodes) problems.push(`${r.nodes} nodes, expected ${nodes}: states, start, any box, notes, and no end marker`);
      if (problems.length) fail(d.name, problems.join('; '));
      else pass(d.name, `mermaid (${j.states.length} states, ${finals.length} final, ${timeouts} dashed timeout links)`);
    }
    if (errors.length) { fail('mermaid page', errors.join('\n')); }
    await page.close();
  }

  // A new page that collects its script errors, console errors and any request that leaves
  // the file (pages must work offline).
  const watchedPage = async () => {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('request', (req) => {
      if (!req.url().startsWith('file:') && !req.url().startsWith('data:')) {
        errors.push(`network request: ${req.url()}`);
      }
    });
    return { page, errors };
  };

  // HTML pages (the review pages of `order-fsm diff` are checked below).
  for (const file of pick('.html').filter((f) => !f.endsWith('.review.html'))) {
    const name = path.basename(file);
    const { page, errors } = await watchedPage();
    await page.goto(pathToFileURL(file).href);
    const info = await page.evaluate(() => ({
      svg: document.querySelectorAll('#diagram svg .state').length,
      edges: document.querySelectorAll('#diagram svg .edge').length,
      tables: document.querySelectorAll('table').length,
      flowRows: document.querySelectorAll('table.flow tbody tr').length,
      text: document.body.innerText,
      svgText: (document.querySelector('#diagram svg') || { textContent: '' }).textContent,
      width: document.documentElement.scrollWidth,
    }));
    const jsonFile = file.replace(/\.html$/, '.json');
    let expected = [];
    let lines = -1;
    let j = null;
    if (fs.existsSync(jsonFile)) {
      j = JSON.parse(fs.readFileSync(jsonFile, 'utf8'));
      expected = j.states.map((s) => s.label);
      lines = j.transitions.length;
    }
    const problems = [];
    if (j) {
      // A matrix cell whose line only some of the event's roles may fire names those roles.
      const roleLabel = Object.fromEntries(j.roles.map((r) => [r.id, r.label || r.id]));
      const cells = await page.evaluate(() => {
        const out = {};
        const heads = [...document.querySelectorAll('#matrix thead th')].map((th) => th.querySelector('code')?.textContent);
        for (const tr of document.querySelectorAll('#matrix tbody tr')) {
          const st = tr.getAttribute('data-state');
          [...tr.cells].forEach((td, k) => { if (k > 0) out[`${st} ${heads[k]}`] = td.textContent; });
        }
        return out;
      });
      let limited = 0;
      for (const t of j.transitions) {
        const ev = t.event && j.events.find((e) => e.id === t.event);
        if (!ev || t.from_any || t.roles.length === 0) continue;
        const same = t.roles.length === ev.roles.length && t.roles.every((r) => ev.roles.includes(r));
        if (same) continue;
        for (const from of t.from) {
          const cell = cells[`${from} ${t.event}`];
          // Every state has a row and every event a column: a missing cell is a broken table.
          if (cell === undefined) { problems.push(`matrix has no cell ${from} × ${t.event}`); continue; }
          limited++;
          const want = t.roles.map((r) => roleLabel[r]);
          if (!want.every((l) => cell.includes(l))) {
            problems.push(`matrix cell ${from} × ${t.event} reads "${cell}", without the roles ${want.join(', ')}`);
          }
        }
      }
      // Payload field docs are in the event table.
      const eventsText = await page.evaluate(() => document.querySelector('#events')?.innerText || '');
      let docs = 0;
      for (const e of j.events) {
        for (const f of e.payload) {
          if (!f.doc) continue;
          docs++;
          const first = f.doc.split('\n')[0].trim();
          if (!eventsText.includes(first)) problems.push(`field doc "${first}" of ${e.id}.${f.name} missing from the event table`);
        }
      }
      if (limited || docs) console.log(`     ${name}: ${limited} role-limited matrix cells, ${docs} field docs checked`);
    }
    // The reminder mark is drawn: the alarm clock character has no glyph in most fonts.
    const clocks = await page.evaluate(() => document.body.innerText.split('\u23f0').length - 1);
    if (clocks > 0) problems.push(`${clocks} reminder marks written as the ⏰ character, which most fonts lack`);
    // The diagram starts at its left edge unless the initial state would be out of view
    // there: nothing on the left is cut off without need.
    const view = await page.evaluate(() => {
      const wrap = document.querySelector('#diagram .diagram-wrap');
      const init = wrap && wrap.querySelector('.state.initial');
      if (!init) return null;
      const left = wrap.scrollLeft;
      wrap.scrollLeft = 0;
      const wb = wrap.getBoundingClientRect();
      const ib = init.getBoundingClientRect();
      const shows = ib.left >= wb.left && ib.right <= wb.left + wrap.clientWidth;
      wrap.scrollLeft = left;
      return { left, shows };
    });
    if (view && view.shows && view.left !== 0) {
      problems.push(`the diagram starts scrolled ${view.left} px to the right, cutting off its left side, though its initial state is in view at the left edge`);
    }
    // At a 1,024 px wide window the edge labels are at least 11 CSS px, and zoom-in zooms.
    await page.setViewportSize({ width: 1024, height: 768 });
    const sizes = await page.evaluate(() => {
      const svg = document.querySelector('#diagram svg');
      if (!svg) return null;
      const vb = svg.viewBox.baseVal;
      const scale = svg.getBoundingClientRect().width / (vb && vb.width ? vb.width : 1);
      const px = [...svg.querySelectorAll('.edge text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
      return { min: px.length ? Math.min(...px) : null, scale };
    });
    if (sizes && sizes.min !== null && sizes.min < 11) {
      problems.push(`edge labels are ${sizes.min.toFixed(1)} CSS px at 1,024 px (scale ${sizes.scale.toFixed(2)})`);
    }
    const zoomIn = await page.$('#diagram button[data-zoom="in"]');
    if (!zoomIn) {
      problems.push('no zoom-in button');
    } else {
      const before = await page.evaluate(() => ({
        scale: document.querySelector('#diagram .diagram-wrap').getAttribute('data-scale'),
        width: document.querySelector('#diagram svg').getBoundingClientRect().width,
      }));
      await zoomIn.click();
      const after = await page.evaluate(() => ({
        scale: document.querySelector('#diagram .diagram-wrap').getAttribute('data-scale'),
        width: document.querySelector('#diagram svg').getBoundingClientRect().width,
      }));
      if (!(parseFloat(after.scale) > parseFloat(before.scale)) || !(after.width > before.width * 1.1)) {
        problems.push(`zoom-in did not zoom: scale ${before.scale} -> ${after.scale}, width ${before.width} -> ${after.width}`);
      }
      await page.screenshot({ path: path.join(shots, name.replace(/\.html$/, '.1024-zoomed.png')) });
      await page.$eval('#diagram button[data-zoom="reset"]', (b) => b.click());
    }
    await page.setViewportSize({ width: 1400, height: 900 });
    if (info.svg === 0) problems.push('no states in the diagram');
    if (info.tables < 3) problems.push(`only ${info.tables} tables`);
    if (lines >= 0 && info.flowRows !== lines) problems.push(`${info.flowRows} transition rows, expected ${lines}`);
    const notText = expected.filter((l) => !info.text.includes(l));
    if (notText.length) problems.push(`labels not present as page text: ${notText.join(', ')}`);
    const notInSvg = expected.filter((l) => !info.svgText.includes(l));
    if (notInSvg.length) problems.push(`labels not present as diagram text: ${notInSvg.join(', ')}`);
    // Hovering a state highlights it.
    const first = await page.$('#diagram svg .state');
    if (first) {
      await first.hover();
      const lit = await page.evaluate(() => ({
        focus: document.body.classList.contains('focus'),
        hl: document.querySelectorAll('.hl').length,
      }));
      if (!lit.focus || lit.hl === 0) problems.push('hovering a state highlights nothing');
      await page.mouse.move(1, 1);
    }
    // A page of thousands of rows is too tall to photograph whole: its top and its diagram
    // (the view a reader starts from) are what the screenshots show then.
    const tall = await page.evaluate(() => document.documentElement.scrollHeight) > 30000;
    if (!tall) {
      await page.screenshot({ path: path.join(shots, name.replace(/\.html$/, '.png')), fullPage: true });
    }
    await page.screenshot({ path: path.join(shots, name.replace(/\.html$/, '.top.png')) });
    if (tall) {
      await page.evaluate(() => document.getElementById('diagram')?.scrollIntoView());
      await page.screenshot({ path: path.join(shots, name.replace(/\.html$/, '.diagram.png')) });
    }
    for (const id of tall ? [] : ['diagram', 'transitions', 'matrix', 'scenarios']) {
      const el = await page.$(`#${id}`);
      if (el) {
        await el.screenshot({ path: path.join(shots, name.replace(/\.html$/, `.${id}.png`)) });
      }
    }
    if (errors.length) problems.push(`page errors: ${errors.join(' | ')}`);
    if (problems.length) fail(name, problems.join('; '));
    else pass(name, `(${info.svg} states, ${info.edges} edges, ${info.tables} tables)`);
    await page.close();
  }

  // Review pages of `order-fsm diff`: no errors and nothing from the network; one finding per
  // counted finding; each state the findings add or remove is drawn highlighted or faded, and
  // each added or removed row of the 状态流转表 has its line drawn so; screenshots.
  // run.sh writes review pages: none found means the naming drifted and nothing is checked.
  if (pick('.review.html').length === 0) fail('review pages', 'no .review.html page to check');
  for (const file of pick('.review.html')) {
    const name = path.basename(file);
    const { page, errors } = await watchedPage();
    await page.goto(pathToFileURL(file).href);
    const info = await page.evaluate(() => {
      const q = (sel) => [...document.querySelectorAll(sel)];
      const opacity = (e) => {
        let o = 1;
        for (let x = e; x && x.nodeType === 1; x = x.parentElement) o *= parseFloat(getComputedStyle(x).opacity);
        return o;
      };
      const stroke = (g) => { const p = g.querySelector('path, rect'); return p ? getComputedStyle(p).stroke : ''; };
      return {
        counted: q('.stats span.lv b').reduce((n, b) => n + parseInt(b.textContent, 10), 0),
        findings: q('#findings li.finding').map((li) => li.getAttribute('data-finding')),
        states: q('#diagram svg .state').length,
        added: q('#diagram svg .state.added').map((g) => ({ id: g.getAttribute('data-state'), stroke: stroke(g) })),
        removed: q('#diagram svg .state.removed').map((g) => ({ id: g.getAttribute('data-state'), opacity: opacity(g) })),
        addedEdges: q('#diagram svg .edge.added').map((g) => ({ from: g.getAttribute('data-from'), to: g.getAttribute('data-to'), stroke: stroke(g) })),
        changedEdges: q('#diagram svg .edge.changed').map((g) => ({ from: g.getAttribute('data-from'), to: g.getAttribute('data-to'), stroke: stroke(g) })),
        removedEdges: q('#diagram svg .edge.removed').map((g) => ({ from: g.getAttribute('data-from'), to: g.getAttribute('data-to'), opacity: opacity(g) })),
        rows: q('#rows tr[data-from]').map((tr) => ({ kind: tr.className, from: tr.getAttribute('data-from'), to: tr.getAttribute('data-to') })),
        legend: q('#diagram .legend span').length,
      };
    });
    const problems = [];
    if (info.findings.length !== info.counted) problems.push(`${info.findings.length} findings listed, ${info.counted} counted`);
    if (info.states === 0) problems.push('no states in the diagram');
    if (info.legend < 6) problems.push('no legend for added, removed and changed');
    for (const f of info.findings) {
      const [kind, , subject] = f.split(':');
      if (kind === 'state-removed' && !info.removed.some((s) => s.id === subject)) problems.push(`${f}: no faded state ${subject} in the diagram`);
      if (kind === 'state-added' && !info.added.some((s) => s.id === subject)) problems.push(`${f}: no highlighted state ${subject} in the diagram`);
    }
    for (const s of info.removed) if (!(s.opacity < 0.8)) problems.push(`removed state ${s.id} is not faded (opacity ${s.opacity})`);
    for (const e of info.removedEdges) if (!(e.opacity < 0.8)) problems.push(`removed line ${e.from} -> ${e.to} is not faded`);
    for (const s of info.added) if (!/26, 127, 55/.test(s.stroke)) problems.push(`added state ${s.id} is not highlighted (stroke ${s.stroke})`);
    for (const e of info.addedEdges) if (!/26, 127, 55/.test(e.stroke)) problems.push(`added line ${e.from} -> ${e.to} is not highlighted (stroke ${e.stroke})`);
    for (const e of info.changedEdges) if (!/188, 76, 0/.test(e.stroke)) problems.push(`changed line ${e.from} -> ${e.to} is not highlighted (stroke ${e.stroke})`);
    for (const r of info.rows) {
      const drawn = { 'row-added': info.addedEdges, 'row-removed': info.removedEdges, 'row-changed': info.changedEdges }[r.kind] || null;
      if (drawn && !drawn.some((e) => e.to === r.to && r.from.split(' ').some((f) => e.from.split(' ').includes(f)))) {
        problems.push(`${r.kind} ${r.from} -> ${r.to} is not drawn as such`);
      }
    }
    await page.screenshot({ path: path.join(shots, name.replace(/\.html$/, '.png')), fullPage: true });
    const d = await page.$('#diagram');
    if (d) await d.screenshot({ path: path.join(shots, name.replace(/\.html$/, '.diagram.png')) });
    if (errors.length) problems.push(`page errors: ${errors.join(' | ')}`);
    if (problems.length) fail(name, problems.join('; '));
    else pass(name, `(${info.findings.length} findings, ${info.added.length + info.addedEdges.length} added and ${info.changedEdges.length} changed highlighted, ${info.removed.length + info.removedEdges.length} faded)`);
    await page.close();
  }

  // Standalone SVG files load as images.
  for (const file of pick('.svg')) {
    const name = path.basename(file);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(pathToFileURL(file).href);
    const ok = await page.evaluate(() => document.documentElement.tagName.toLowerCase() === 'svg'
      && !document.querySelector('parsererror'));
    if (!ok || errors.length) fail(name, `not a valid SVG document ${errors.join(' ')}`);
    else pass(name, 'svg');
    await page.close();
  }
} finally {
  await context.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}

console.log(`\n${passes} passed, ${failures} failed; screenshots in ${shots}`);
process.exit(failures ? 1 : 0);
