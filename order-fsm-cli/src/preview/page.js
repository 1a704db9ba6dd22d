// The preview page's script: redraws on every change the server announces, shows the spec
// line of what is clicked (and opens it in the editor when one is configured), and runs the
// simulate panel. The page reads as it is without it.
(function () {
  'use strict';
  var texts = JSON.parse(document.getElementById('pv-texts').textContent);
  var live = document.getElementById('pv-live');
  var conn = document.getElementById('pv-conn');
  var data = null;
  var steps = [];
  var lastScenario = '';
  function byId(id) { return document.getElementById(id); }
  function state() { return byId('pv-state'); }
  function version() { var s = state(); return s ? s.getAttribute('data-version') : '0'; }
  function machine() {
    var s = state();
    var m = s ? s.getAttribute('data-machine') : '';
    return m || new URLSearchParams(location.search).get('machine') || '';
  }
  function readData() {
    var el = byId('pv-data');
    data = el ? JSON.parse(el.textContent) : null;
  }

  // ------------------------------------------------------------------ live redraw
  var busy = false, again = false;
  function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    fetch('/live?machine=' + encodeURIComponent(machine()), { cache: 'no-store' })
      .then(function (r) { return r.text(); })
      .then(function (html) { live.innerHTML = html; afterUpdate(); })
      .catch(function () {})
      .then(function () { busy = false; if (again) { again = false; refresh(); } });
  }
  function connect() {
    var es = new EventSource('/events?since=' + version());
    es.addEventListener('update', function (ev) {
      if (ev.data !== version()) { refresh(); }
    });
    es.onopen = function () { conn.textContent = texts.live; conn.classList.remove('off'); };
    es.onerror = function () { conn.textContent = texts.offline; conn.classList.add('off'); };
  }

  // ------------------------------------------------------------------ from the diagram to the spec
  function showLine(entry) {
    var box = byId('pv-line');
    if (!box || !entry) { return; }
    box.textContent = '';
    var p = document.createElement('div');
    p.className = 'pv-where';
    p.appendChild(document.createTextNode(
      texts.specLine.replace('{line}', entry[0]).replace('{path}', data.file) + ': '));
    var c = document.createElement('code');
    c.textContent = entry[1];
    p.appendChild(c);
    box.appendChild(p);
    var note = document.createElement('div');
    note.className = 'pv-hint';
    if (data.editor) {
      var b = document.createElement('button');
      b.type = 'button';
      b.id = 'pv-open';
      b.textContent = texts.open;
      b.addEventListener('click', function () {
        fetch('/open?file=' + encodeURIComponent(data.file) + '&line=' + entry[0],
          { method: 'POST', headers: { 'X-Order-Fsm-Preview': 'open' } })
          .then(function (r) { return r.text(); })
          .then(function (t) { note.textContent = t; });
      });
      box.appendChild(b);
    } else {
      note.textContent = texts.noEditor;
    }
    box.appendChild(note);
  }
  function hookFrame() {
    var f = byId('pv-doc');
    if (!f) { return; }
    var attach = function () {
      var d = f.contentDocument;
      if (!d || d.pvHooked) { return; }
      d.pvHooked = true;
      d.addEventListener('click', function (ev) {
        var t = ev.target && ev.target.closest ? ev.target.closest('[data-line], [data-state]') : null;
        if (!t || !data) { return; }
        var line = t.getAttribute('data-line');
        if (line !== null && data.lines[+line]) { showLine(data.lines[+line]); return; }
        var s = t.getAttribute('data-state');
        if (s !== null && data.states[s]) { showLine(data.states[s]); }
      });
    };
    f.addEventListener('load', attach);
    if (f.contentDocument && f.contentDocument.readyState === 'complete' && f.contentDocument.body &&
        f.contentDocument.body.firstChild) { attach(); }
  }

  // ------------------------------------------------------------------ simulate panel
  function fill(select, items, keep) {
    var old = keep !== undefined ? keep : select.value;
    select.textContent = '';
    items.forEach(function (it) {
      var o = document.createElement('option');
      o.value = it.id;
      o.textContent = it.name;
      select.appendChild(o);
    });
    if (items.some(function (it) { return it.id === old; })) { select.value = old; }
  }
  function fillSim() {
    var sim = data ? data.sim : null;
    ['pv-fire', 'pv-wait-go', 'pv-undo', 'pv-reset', 'pv-copy'].forEach(function (id) {
      byId(id).disabled = !sim;
    });
    if (!sim) { byId('pv-sim-err').textContent = texts.needsSpec; return; }
    var from = byId('pv-from');
    fill(from, sim.states, from.value || sim.initial || '');
    fill(byId('pv-event'), sim.events);
    fill(byId('pv-role'), [{ id: '', name: texts.anyRole }].concat(sim.roles));
    var list = byId('pv-guard-list');
    var was = {};
    Array.prototype.forEach.call(list.querySelectorAll('input'), function (i) { was[i.value] = i.checked; });
    list.textContent = '';
    sim.guards.forEach(function (g) {
      var l = document.createElement('label');
      var i = document.createElement('input');
      i.type = 'checkbox';
      i.value = g.id;
      i.checked = g.id in was ? was[g.id] : true;
      l.appendChild(i);
      l.appendChild(document.createTextNode(' ' + g.name + ' '));
      list.appendChild(l);
    });
    byId('pv-guards').style.display = sim.guards.length ? '' : 'none';
  }
  function answers() {
    var no = [];
    Array.prototype.forEach.call(byId('pv-guard-list').querySelectorAll('input'), function (i) {
      if (!i.checked) { no.push('not ' + i.value); }
    });
    return no.length ? ' [' + no.join(', ') + ']' : '';
  }
  function runSim() {
    if (!data) { return; }
    var q = 'machine=' + encodeURIComponent(data.machine);
    var from = byId('pv-from').value;
    if (from && from !== data.sim.initial) { q += '&from=' + encodeURIComponent(from); }
    steps.forEach(function (s) { q += '&step=' + encodeURIComponent(s); });
    fetch('/simulate?' + q, { cache: 'no-store' })
      .then(function (r) { return r.json(); })
      .then(function (j) {
        byId('pv-sim-out').textContent = j.out;
        byId('pv-sim-err').textContent = j.err;
        lastScenario = j.scenario;
        byId('pv-scenario').value = j.scenario;
      })
      .catch(function () {});
  }
  byId('pv-fire').addEventListener('click', function () {
    var s = byId('pv-event').value;
    if (!s) { return; }
    var role = byId('pv-role').value;
    if (role) { s += ' by ' + role; }
    steps.push(s + answers());
    runSim();
  });
  byId('pv-wait-go').addEventListener('click', function () {
    var w = byId('pv-wait').value.trim();
    if (!w) { return; }
    steps.push('after ' + w + answers());
    runSim();
  });
  byId('pv-undo').addEventListener('click', function () { steps.pop(); runSim(); });
  byId('pv-reset').addEventListener('click', function () { steps = []; runSim(); });
  byId('pv-from').addEventListener('change', function () { steps = []; runSim(); });
  byId('pv-copy').addEventListener('click', function () {
    var area = byId('pv-scenario');
    var done = function () { byId('pv-copied').textContent = texts.copied; };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(lastScenario).then(done, function () {
        area.select(); document.execCommand('copy'); done();
      });
    } else {
      area.select(); document.execCommand('copy'); done();
    }
  });
  var picker = byId('pv-machine');
  if (picker) {
    picker.addEventListener('change', function () {
      location.href = '/?machine=' + encodeURIComponent(picker.value);
    });
  }

  function afterUpdate() {
    readData();
    hookFrame();
    fillSim();
    runSim();
  }
  afterUpdate();
  connect();
})();
