// careleaf's page editor, part 1 of 2 (editor-pages.js is part 2; the server serves the two as
// one script). Served by `careleaf serve` only (never part of a built site), under the
// editor's strict CSP: no inline script, no other host, no framework. The page's text is
// always `front + body`: the form changes `front` through the server (which keeps every other
// byte), the text box is `body`.
(function () {
  'use strict';
  var P = '/__careleaf/edit/';
  var T = JSON.parse(document.getElementById('cl-strings').textContent || '{}');
  function t(key, values) {
    var s = T[key] || key;
    Object.keys(values || {}).forEach(function (k) { s = s.split('{' + k + '}').join(values[k]); });
    return s;
  }
  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') e.textContent = attrs[k];
      else if (k === 'on') Object.keys(attrs.on).forEach(function (ev) { e.addEventListener(ev, attrs.on[ev]); });
      else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return e;
  }

  function api(method, route, body) {
    var init = { method: method, headers: {}, credentials: 'same-origin' };
    if (body instanceof FormData) init.body = body;
    else if (body !== undefined) { init.body = JSON.stringify(body); init.headers['Content-Type'] = 'application/json'; }
    return fetch(P + route, init).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) { data.status = r.status; return data; });
    }, function () { return { status: 0, error: t('editor_offline') }; });
  }

  var statusTimer = 0;
  function say(text) {
    var s = $('status');
    s.textContent = text;
    clearTimeout(statusTimer);
    statusTimer = setTimeout(function () { if (s.textContent === text) s.textContent = ''; }, 8000);
  }
  function alertMsg(text) {
    var a = $('alert');
    a.hidden = !text;
    a.textContent = text || '';
  }

  // ---- Dialogs: one <dialog>, filled for each use -------------------------------------
  function dialog(title, okLabel, build, onOk) {
    var d = $('dlg');
    $('dlg-title').textContent = title;
    $('dlg-ok').textContent = okLabel;
    $('dlg-ok').hidden = !okLabel;
    var body = $('dlg-body');
    body.textContent = '';
    $('dlg-error').hidden = true;
    build(body);
    var form = $('dlg-form');
    form.onsubmit = function (ev) {
      if (ev.submitter && ev.submitter.value === 'cancel') return;
      ev.preventDefault();
      Promise.resolve(onOk(body)).then(function (problem) {
        if (problem) { $('dlg-error').textContent = problem; $('dlg-error').hidden = false; }
        else d.close();
      });
    };
    d.showModal();
    var first = body.querySelector('input, select, textarea, button');
    if (first) first.focus();
  }
  function field(label, input, hint) {
    var id = 'dl-' + Math.random().toString(36).slice(2);
    input.id = id;
    var parts = [el('label', { for: id, text: label }), input];
    if (hint) { var h = el('p', { class: 'hint', id: id + '-h', text: hint }); input.setAttribute('aria-describedby', id + '-h'); parts.push(h); }
    return el('div', { class: 'field' }, parts);
  }

  // ---- State -----------------------------------------------------------------------------
  var site = { pages: [], languages: [] };
  var doc = null; // {path, front, body, version, url, fields, editable}
  var dirty = false;
  var frameVersion = 0;

  function loadPages() {
    return api('GET', 'pages').then(function (r) {
      if (r.status === 200) site = r;
      return site;
    });
  }

  // ---- The list of pages ------------------------------------------------------------------
  var BADGES = { overdue: 'editor_review_overdue', soon: 'editor_review_soon', placeholder: 'editor_review_placeholder', missing: 'editor_review_missing' };
  function showList() {
    $('edit-view').hidden = true;
    $('list-view').hidden = false;
    document.title = t('editor_title');
    loadPages().then(function () {
      fillSelect($('f-section'), unique(site.pages.map(function (p) { return p.section; })), function (s) { return s || t('editor_top_level'); });
      fillSelect($('f-language'), site.languages, function (l) { return l; });
      renderList();
    });
  }
  function unique(xs) { return xs.filter(function (x, i) { return xs.indexOf(x) === i; }).sort(); }
  function fillSelect(select, values, label) {
    var keep = select.value;
    while (select.options.length > 1) select.remove(1);
    values.forEach(function (v) { select.add(new Option(label(v), v)); });
    select.value = values.indexOf(keep) >= 0 ? keep : '*';
  }
  function renderList() {
    var q = $('f-search').value.trim().toLowerCase();
    var section = $('f-section').value, language = $('f-language').value, status = $('f-status').value;
    var shown = site.pages.filter(function (p) {
      return (!q || p.title.toLowerCase().indexOf(q) >= 0 || p.path.toLowerCase().indexOf(q) >= 0) &&
        (section === '*' || p.section === section) &&
        (language === '*' || p.language === language) &&
        (status === '*' || (status === 'draft' ? p.draft : p.review === status));
    });
    var list = $('page-list');
    list.textContent = '';
    shown.forEach(function (p) {
      var badges = el('span', { class: 'badges' });
      if (p.draft) badges.appendChild(el('span', { class: 'badge draft', text: t('editor_draft') }));
      if (BADGES[p.review]) badges.appendChild(el('span', { class: 'badge ' + p.review, text: t(BADGES[p.review]) }));
      list.appendChild(el('li', {}, [
        el('a', { href: P + '?path=' + encodeURIComponent(p.path), text: p.title || p.path }),
        el('span', { class: 'meta', text: p.path + (site.languages.length > 1 ? ' · ' + p.language : '') }),
        badges
      ]));
    });
    $('list-count').textContent = t('editor_n_pages', { n: String(shown.length) });
  }

  // ---- One page -------------------------------------------------------------------------------
  function openPage(path) {
    $('list-view').hidden = true;
    $('edit-view').hidden = false;
    return Promise.all([api('GET', 'file?path=' + encodeURIComponent(path)), loadPages()]).then(function (rs) {
      var r = rs[0];
      if (r.status !== 200) { alertMsg(r.error || t('editor_cannot_open')); return; }
      doc = { path: r.path, front: r.front, body: r.body, version: r.version, url: r.url };
      dirty = false;
      $('body').value = doc.body;
      $('edit-file').textContent = doc.path;
      $('open-page').href = doc.url || '/';
      readFields().then(function () { schedulePreview(0); });
    });
  }
  function text() { return doc.front + $('body').value; }
  function setDirty(d) {
    dirty = d;
    $('save').classList.toggle('unsaved', d);
    $('save').textContent = d ? t('editor_save_unsaved') : t('editor_save');
  }

  // ---- Fields -----------------------------------------------------------------------------------
  var fieldQueue = Promise.resolve();
  function readFields() {
    return api('POST', 'fields/read', { path: doc.path, text: text() }).then(function (r) {
      if (r.status !== 200) { showFieldsNote(r.error || ''); return; }
      doc.fields = r.fields;
      fillFields(r.fields);
    });
  }
  function showFieldsNote(msg) {
    $('fields-note').hidden = !msg;
    $('fields-note').textContent = msg;
  }
  function fillFields(f) {
    document.querySelectorAll('[data-field]').forEach(function (input) {
      var v = f[input.dataset.field];
      if (input.type === 'checkbox') input.checked = !!v;
      else input.value = v === null || v === undefined ? '' : String(v);
      input.disabled = !f.editable;
    });
    $('edit-heading').textContent = f.title || doc.path;
    document.title = (f.title || doc.path) + ' · ' + t('editor_title');
    document.querySelectorAll('.chips').forEach(function (c) { renderChips(c, f[c.dataset.list] || []); });
    renderExtra(f.extra || []);
    $('kept').hidden = !f.kept.length;
    $('kept').textContent = f.kept.length ? t('editor_kept', { keys: f.kept.join(', ') }) : '';
    $('front-text').value = doc.front;
    showFieldsNote(f.editable ? '' : t('editor_not_editable'));
    describeDescription();
    describeNextReview();
  }
  function describeDescription() {
    var n = $('fd-description').value.length;
    $('hn-description').textContent = t('editor_h_description', { n: String(n) });
    $('hn-description').classList.toggle('warn', n > 0 && (n < 50 || n > 160));
  }
  function describeNextReview() {
    var months = site.review_interval_months || 12;
    $('hn-next_review').textContent = t('editor_h_next_review', { n: String(months) });
  }
  function change(fieldName, value) {
    if (!doc) return;
    var errorBox = $('er-' + fieldName);
    fieldQueue = fieldQueue.then(function () {
      return api('POST', 'fields', { path: doc.path, text: text(), changes: [{ field: fieldName, value: value }] }).then(function (r) {
        var refused = r.status !== 200 || !!r.error;
        if (errorBox) { errorBox.hidden = !refused; errorBox.textContent = refused ? (r.error || '') : ''; }
        if (r.status !== 200 || r.error) { if (!errorBox) alertMsg(r.error); return; }
        doc.front = r.front;
        doc.fields = r.fields;
        $('front-text').value = doc.front;
        if (fieldName === 'title') $('edit-heading').textContent = value || doc.path;
        setDirty(true);
        schedulePreview();
      });
    });
    return fieldQueue;
  }
  function addMonths(iso, months) {
    var d = new Date(iso + 'T00:00:00Z');
    if (isNaN(d)) return '';
    d.setUTCMonth(d.getUTCMonth() + months);
    return d.toISOString().slice(0, 10);
  }
  function bindFields() {
    document.querySelectorAll('[data-field]').forEach(function (input) {
      var name = input.dataset.field;
      var send = function () {
        var v = input.type === 'checkbox' ? input.checked : input.value;
        if (name === 'weight') v = input.value === '' ? null : parseInt(input.value, 10);
        if (doc && doc.fields && doc.fields[name] === v) return;
        change(name, v).then(function () {
          if (name === 'last_reviewed' && v && !$('fd-next_review').value) {
            var next = addMonths(v, site.review_interval_months || 12);
            if (next) { $('fd-next_review').value = next; change('next_review', next); }
          }
        });
      };
      input.addEventListener('change', send);
      if (name === 'description') input.addEventListener('input', describeDescription);
    });
    document.querySelectorAll('.chips').forEach(function (box) {
      var input = box.querySelector('input');
      input.addEventListener('keydown', function (ev) {
        if ((ev.key === 'Enter' || ev.key === ',') && input.value.trim()) {
          ev.preventDefault();
          var list = (doc.fields[box.dataset.list] || []).concat([input.value.trim()]);
          input.value = '';
          renderChips(box, list);
          change(box.dataset.list, list);
        }
      });
    });
    $('extra-add').addEventListener('click', function () {
      var rows = (doc.fields.extra || []).concat([['', '']]);
      renderExtra(rows);
      var inputs = $('extra-rows').querySelectorAll('input');
      inputs[inputs.length - 2].focus();
    });
    $('front-text').addEventListener('change', function () {
      doc.front = $('front-text').value;
      setDirty(true);
      readFields().then(function () { schedulePreview(); });
    });
  }
  function renderChips(box, items) {
    var ul = box.querySelector('ul');
    ul.textContent = '';
    items.forEach(function (item, i) {
      ul.appendChild(el('li', {}, [item, el('button', {
        type: 'button', class: 'chip-x', 'aria-label': t('editor_remove_item', { item: item }), text: '×',
        on: { click: function () {
          var list = items.slice(0, i).concat(items.slice(i + 1));
          renderChips(box, list);
          change(box.dataset.list, list);
          box.querySelector('input').focus();
        } }
      })]));
    });
  }
  function renderExtra(rows) {
    var box = $('extra-rows');
    box.textContent = '';
    rows.forEach(function (row, i) {
      var key = el('input', { 'aria-label': t('editor_extra_name', { n: String(i + 1) }), value: row[0] });
      var value = el('input', { 'aria-label': t('editor_extra_value', { n: String(i + 1) }), value: row[1] });
      var remove = el('button', { type: 'button', class: 'chip-x', 'aria-label': t('editor_remove_item', { item: row[0] || String(i + 1) }), text: '×' });
      var collect = function (skip) {
        var out = [];
        box.querySelectorAll('.extra-row').forEach(function (r, j) {
          var ins = r.querySelectorAll('input');
          if (j !== skip && ins[0].value.trim()) out.push([ins[0].value.trim(), ins[1].value]);
        });
        return out;
      };
      key.addEventListener('change', function () { change('extra', collect(-1)); });
      value.addEventListener('change', function () { change('extra', collect(-1)); });
      remove.addEventListener('click', function () { var rest = collect(i); renderExtra(rest); change('extra', rest); });
      box.appendChild(el('div', { class: 'extra-row' }, [key, value, remove]));
    });
  }

  // ---- Preview and findings -----------------------------------------------------------
  var previewTimer = 0, previewRunning = false, previewAgain = false, previewWaits = 0;
  function schedulePreview(delay) {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(runPreview, delay === undefined ? 250 : delay);
  }
  function runPreview() {
    if (!doc) return;
    if (previewRunning) { previewAgain = true; return; }
    previewRunning = true;
    api('POST', 'preview', { path: doc.path, text: text() }).then(function (r) {
      previewRunning = false;
      if (previewAgain) { previewAgain = false; schedulePreview(0); }
      // A page just made or moved reaches the preview's site a moment after its file does.
      if (r.status === 200 && !r.frame && previewWaits < 12) { previewWaits++; schedulePreview(400); }
      else if (r.frame) previewWaits = 0;
      if (r.status !== 200) { $('preview-note').hidden = false; $('preview-note').textContent = r.error || ''; return; }
      showFindings(r.findings || [], r.reading);
      var note = r.live ? '' : (r.frame ? t('editor_preview_saved_only') : t('editor_preview_after_save'));
      $('preview-note').hidden = !note;
      $('preview-note').textContent = note;
      if (r.frame) {
        var frame = $('frame');
        var y = 0;
        try { y = frame.contentWindow.scrollY; } catch (e) { y = 0; }
        frame.onload = function () { try { frame.contentWindow.scrollTo(0, y); } catch (e) { /* another page */ } };
        frame.src = r.frame + '?v=' + (++frameVersion);
      }
    });
  }
  function frontLines() { return doc.front.split('\n').length - 1; }
  function showFindings(findings, reading) {
    var list = $('findings');
    list.textContent = '';
    findings.forEach(function (f) {
      var kind = f.severity === 'error' ? t('editor_must_fix') : t('editor_worth_a_look');
      var where = f.line > frontLines() ? t('editor_at_line', { n: String(f.line - frontLines()) }) : t('editor_in_details');
      list.appendChild(el('li', { class: f.severity }, [el('button', {
        type: 'button', 'data-line': String(f.line),
        on: { click: function () { goToLine(f.line); } }
      }, [el('span', { class: 'kind', text: kind }), el('span', { class: 'msg', text: f.message }),
        f.hint ? el('span', { class: 'fix', text: f.hint }) : null, el('span', { class: 'where', text: where })])]));
    });
    $('findings-none').hidden = findings.length > 0;
    $('findings-count').textContent = findings.length ? '(' + findings.length + ')' : '';
    // Only what stops the build needs the way out of a draft; `check`'s own errors do not.
    var blocking = findings.filter(function (f) { return f.severity === 'error' && f.rule === 'build'; }).length;
    $('save-draft-box').hidden = blocking === 0 || (doc.fields && doc.fields.draft);
    var box = $('reading');
    box.textContent = '';
    if (reading) {
      var ok = reading.grade <= reading.target;
      box.appendChild(el('p', { class: ok ? 'ok' : 'warn', text: t(ok ? 'editor_reading_ok' : 'editor_reading_high', { grade: reading.grade.toFixed(1), target: String(reading.target) }) }));
      if (!ok && reading.hardest.length) {
        box.appendChild(el('p', { text: t('editor_hardest') }));
        var ol = el('ol', { class: 'hardest' });
        reading.hardest.forEach(function (h) {
          ol.appendChild(el('li', {}, [el('button', { type: 'button', text: h[1], on: { click: function () { goToLine(h[0]); } } })]));
        });
        box.appendChild(ol);
      }
    }
  }
  function goToLine(line) {
    var within = line - frontLines();
    if (within < 1) {
      $('details').open = true;
      var frontLine = doc.front.split('\n')[line - 1] || '';
      var key = (frontLine.match(/^\s*([A-Za-z_]+)\s*[:=]/) || [])[1];
      var input = key && document.querySelector('[data-field="' + key + '"]');
      showTab('write');
      (input || $('fd-title')).focus();
      return;
    }
    showTab('write');
    var body = $('body'), lines = body.value.split('\n'), at = 0;
    for (var i = 0; i < within - 1 && i < lines.length; i++) at += lines[i].length + 1;
    body.focus();
    body.setSelectionRange(at, at + (lines[within - 1] || '').length);
    var lineHeight = parseFloat(getComputedStyle(body).lineHeight) || 24;
    body.scrollTop = Math.max(0, (within - 3) * lineHeight);
  }

  // ---- Tabs (phone) -------------------------------------------------------------------------
  var TABS = ['write', 'preview', 'findings'];
  function showTab(name) {
    TABS.forEach(function (n) {
      var tab = $('tab-' + n), on = n === name;
      tab.setAttribute('aria-selected', on ? 'true' : 'false');
      tab.tabIndex = on ? 0 : -1;
      $('pane-' + n).classList.toggle('current', on);
    });
    document.body.dataset.tab = name;
  }
  function bindTabs() {
    TABS.forEach(function (n, i) {
      var tab = $('tab-' + n);
      tab.addEventListener('click', function () { showTab(n); });
      tab.addEventListener('keydown', function (ev) {
        var d = ev.key === 'ArrowRight' ? 1 : ev.key === 'ArrowLeft' ? -1 : 0;
        if (!d) return;
        var next = TABS[(i + d + TABS.length) % TABS.length];
        showTab(next);
        $('tab-' + next).focus();
      });
    });
    // On a wide screen every pane shows; tabs only switch on a narrow one.
    var wide = window.matchMedia('(min-width: 64em)');
    var apply = function () {
      TABS.forEach(function (n) { $('pane-' + n).hidden = false; });
    };
    apply();
    wide.addEventListener('change', apply);
    showTab('write');
  }

  // ---- Saving -------------------------------------------------------------------------------------
  function save() {
    if (!doc) return Promise.resolve();
    var sent = text();
    return fieldQueue.then(function () {
      return api('POST', 'file', { path: doc.path, text: sent, version: doc.version });
    }).then(function (r) {
      if (r.status === 200) {
        doc.version = r.version;
        if (text() === sent) setDirty(false);
        var when = new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
        say(t('editor_saved', { time: when }));
        alertMsg('');
      } else if (r.status === 409) {
        conflict(r.text, r.version);
      } else {
        alertMsg(t('editor_not_saved', { why: r.error || '' }));
      }
    });
  }
  function conflict(diskText, diskVersion) {
    var mine = text();
    dialog(t('editor_conflict_title'), t('editor_keep_mine'), function (body) {
      body.appendChild(el('p', { text: t('editor_conflict_intro') }));
      var both = el('div', { class: 'compare' });
      both.appendChild(field(t('editor_your_version'), el('textarea', { readonly: '', rows: '12', class: 'mono' })));
      both.appendChild(field(t('editor_disk_version'), el('textarea', { readonly: '', rows: '12', class: 'mono' })));
      body.appendChild(both);
      var areas = both.querySelectorAll('textarea');
      areas[0].value = mine;
      areas[1].value = diskText;
      body.appendChild(el('button', { type: 'button', id: 'use-disk', text: t('editor_use_disk'), on: { click: function () {
        useText(diskText);
        doc.version = diskVersion;
        setDirty(false);
        $('dlg').close();
        say(t('editor_loaded_disk'));
      } } }));
    }, function () {
      doc.version = diskVersion;
      return save().then(function () { return ''; });
    });
  }
  function useText(full) {
    return api('POST', 'fields/split', { path: doc.path, text: full }).then(function (r) {
      doc.front = r.front || '';
      $('body').value = r.body === undefined ? full : r.body;
      return readFields().then(function () { schedulePreview(0); });
    });
  }

