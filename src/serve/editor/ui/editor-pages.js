// careleaf's page editor, part 2 of 2 (served after editor.js as one script, inside the
// function editor.js opens): the text box's toolbar and its dialogs, the page actions, moving
// between screens, and the start.
  // ---- The text box's toolbar -------------------------------------------------------------------
  function edit(fn) {
    var b = $('body'), s = b.selectionStart, e = b.selectionEnd;
    var r = fn(b.value.slice(0, s), b.value.slice(s, e), b.value.slice(e));
    b.focus();
    b.setRangeText(r.text, s, e, 'end');
    if (r.select) b.setSelectionRange(s + r.select[0], s + r.select[1]);
    b.dispatchEvent(new Event('input'));
  }
  function atLineStart(before) { return before === '' || before.slice(-1) === '\n'; }
  function block(before, text) { return (atLineStart(before) ? '' : '\n\n') + text; }
  function prefixLines(prefix) {
    edit(function (before, sel) {
      var lines = (sel || t('editor_sample_item')).split('\n');
      var out = lines.map(function (l, i) { return (typeof prefix === 'function' ? prefix(i) : prefix) + l; }).join('\n');
      var lead = atLineStart(before) ? '' : '\n';
      return { text: lead + out, select: sel ? null : [lead.length + out.length - lines[0].length, lead.length + out.length] };
    });
  }
  function insertText(text) { edit(function () { return { text: text }; }); }
  var ACTIONS = {
    h2: function () { prefixLines('## '); },
    h3: function () { prefixLines('### '); },
    bold: function () { edit(function (b, sel) { var w = sel || t('editor_sample_bold'); return { text: '**' + w + '**', select: [2, 2 + w.length] }; }); },
    ul: function () { prefixLines('- '); },
    ol: function () { prefixLines(function (i) { return (i + 1) + '. '; }); },
    link: linkDialog,
    ref: referenceDialog,
    callout: calloutDialog,
    image: imageDialog,
    video: videoDialog,
    faq: function () { edit(function (b) { return { text: block(b, '{{< faq limit="3" >}}\n') }; }); },
    timeline: function () { edit(function (b) { return { text: block(b, '{{< timeline >}}\n') }; }); }
  };
  function relativePath(from, to) {
    var a = from.split('/').slice(0, -1), b = to.split('/');
    while (a.length && b.length > 1 && a[0] === b[0]) { a.shift(); b.shift(); }
    return a.map(function () { return '..'; }).concat(b).join('/');
  }
  function linkDialog() {
    var b = $('body'), selected = b.value.slice(b.selectionStart, b.selectionEnd);
    var chosen = null;
    var lang = (site.pages.filter(function (p) { return p.path === doc.path; })[0] || {}).language;
    dialog(t('editor_link_title'), t('editor_insert'), function (body) {
      var search = el('input', { type: 'search', autocomplete: 'off' });
      var list = el('ul', { class: 'pick', 'aria-label': t('editor_pages') });
      var web = el('input', { type: 'url', placeholder: 'https://' });
      var render = function () {
        var q = search.value.trim().toLowerCase();
        list.textContent = '';
        site.pages.filter(function (p) {
          // Links go to pages of the same language (a page's links resolve in its own folder).
          return p.path !== doc.path && p.language === lang && (!q || p.title.toLowerCase().indexOf(q) >= 0 || p.path.indexOf(q) >= 0);
        }).slice(0, 30).forEach(function (p) {
          list.appendChild(el('li', {}, [el('button', {
            type: 'button', 'aria-pressed': chosen === p ? 'true' : 'false',
            on: { click: function () { chosen = p; render(); list.querySelector('[aria-pressed=true]').focus(); } }
          }, [el('span', { text: p.title }), el('span', { class: 'meta', text: ' ' + p.path })])]));
        });
      };
      search.addEventListener('input', render);
      body.appendChild(field(t('editor_link_search'), search));
      body.appendChild(list);
      body.appendChild(field(t('editor_link_web'), web, t('editor_link_web_hint')));
      render();
    }, function (body) {
      var web = body.querySelector('input[type=url]').value.trim();
      if (!chosen && !web) return t('editor_link_choose');
      var target = chosen ? relativePath(doc.path, chosen.path) : web;
      var label = selected || (chosen ? chosen.title : web);
      edit(function () { return { text: '[' + label + '](' + target + ')' }; });
      return '';
    });
  }
  function nextFootnote(all) {
    var n = 0, re = /\[\^(\d+)\]/g, m;
    while ((m = re.exec(all))) n = Math.max(n, parseInt(m[1], 10));
    return n + 1;
  }
  function referenceDialog() {
    dialog(t('editor_ref_title'), t('editor_insert'), function (body) {
      body.appendChild(field(t('editor_ref_source'), el('textarea', { rows: '3', required: '' }), t('editor_ref_hint')));
    }, function (body) {
      var source = body.querySelector('textarea').value.trim().replace(/\s+/g, ' ');
      if (!source) return t('editor_ref_needed');
      var b = $('body'), n = nextFootnote(b.value), at = b.selectionEnd;
      insertText('[^' + n + ']');
      var end = b.value.replace(/\s+$/, '');
      b.value = end + '\n\n[^' + n + ']: ' + source + '\n';
      b.setSelectionRange(at + String(n).length + 3, at + String(n).length + 3);
      b.dispatchEvent(new Event('input'));
      return '';
    });
  }
  function calloutDialog() {
    var kinds = ['NOTE', 'TIP', 'IMPORTANT', 'WARNING', 'CAUTION'];
    dialog(t('editor_callout_title'), t('editor_insert'), function (body) {
      var select = el('select');
      kinds.forEach(function (k) { select.add(new Option(t('editor_callout_' + k.toLowerCase()), k)); });
      body.appendChild(field(t('editor_callout_kind'), select));
      body.appendChild(field(t('editor_callout_text'), el('textarea', { rows: '3', required: '' })));
    }, function (body) {
      var kind = body.querySelector('select').value;
      var words = body.querySelector('textarea').value.trim();
      if (!words) return t('editor_callout_needed');
      edit(function (b) { return { text: block(b, '> [!' + kind + ']\n' + words.split('\n').map(function (l) { return '> ' + l; }).join('\n') + '\n') }; });
      return '';
    });
  }
  function imageDialog() {
    dialog(t('editor_image_title'), t('editor_upload'), function (body) {
      body.appendChild(field(t('editor_image_file'), el('input', { type: 'file', accept: 'image/png,image/jpeg,image/webp,image/gif,image/avif', required: '' }), t('editor_image_limit')));
      body.appendChild(field(t('editor_image_alt'), el('input', { required: '', 'data-role': 'alt' }), t('editor_image_alt_hint')));
    }, function (body) {
      var file = body.querySelector('input[type=file]').files[0];
      var alt = body.querySelector('[data-role=alt]').value.trim();
      if (!file) return t('editor_image_needed');
      if (!alt) return t('editor_alt_needed');
      if (file.size > 10 * 1024 * 1024) return t('editor_image_too_large');
      var form = new FormData();
      form.append('page', doc.path);
      form.append('alt', alt);
      form.append('file', file, file.name);
      return api('POST', 'upload', form).then(function (r) {
        if (r.status !== 200) return r.error || t('editor_upload_failed');
        edit(function (b) { return { text: block(b, r.markdown + '\n') }; });
        say(t('editor_uploaded', { file: r.path }));
        // The preview's site sees the new picture once the watcher has read it.
        setTimeout(function () { schedulePreview(0); }, 700);
        setTimeout(function () { schedulePreview(0); }, 1600);
        return '';
      });
    });
  }
  function videoId(service, value) {
    var m = service === 'youtube'
      ? value.match(/(?:youtu\.be\/|v=|embed\/|shorts\/)([A-Za-z0-9_-]{11})/)
      : value.match(/vimeo\.com\/(?:video\/)?(\d+)/);
    return m ? m[1] : value;
  }
  function videoDialog() {
    dialog(t('editor_video_title'), t('editor_insert'), function (body) {
      var service = el('select');
      service.add(new Option('YouTube', 'youtube'));
      service.add(new Option('Vimeo', 'vimeo'));
      body.appendChild(field(t('editor_video_service'), service));
      body.appendChild(field(t('editor_video_address'), el('input', { required: '', 'data-role': 'id' })));
      body.appendChild(field(t('editor_video_name'), el('input', { required: '', 'data-role': 'title' }), t('editor_video_name_hint')));
    }, function (body) {
      var service = body.querySelector('select').value;
      var id = videoId(service, body.querySelector('[data-role=id]').value.trim());
      var title = body.querySelector('[data-role=title]').value.trim().replace(/"/g, "'");
      if (!id || !title) return t('editor_video_needed');
      edit(function (b) { return { text: block(b, '{{< video ' + service + '="' + id + '" title="' + title + '" >}}\n') }; });
      return '';
    });
  }

  // ---- Page actions ----------------------------------------------------------------------------------
  function sections() {
    return unique(site.pages.map(function (p) { return p.section; }));
  }
  function newPageDialog() {
    dialog(t('editor_new_page'), t('editor_create'), function (body) {
      var where = el('select');
      sections().forEach(function (s) { where.add(new Option(s || t('editor_top_level'), s)); });
      body.appendChild(field(t('editor_f_title'), el('input', { required: '', 'data-role': 'title' })));
      body.appendChild(field(t('editor_new_where'), where, t('editor_new_hint')));
    }, function (body) {
      var title = body.querySelector('[data-role=title]').value.trim();
      if (!title) return t('editor_title_needed');
      return api('POST', 'new', { section: body.querySelector('select').value, title: title }).then(function (r) {
        if (r.status !== 200) return r.error;
        go(r.path);
        say(t('editor_created', { file: r.path }));
        return '';
      });
    });
  }
  function renameDialog() {
    dialog(t('editor_rename'), t('editor_move'), function (body) {
      body.appendChild(field(t('editor_new_file'), el('input', { required: '', value: doc.path, spellcheck: 'false' }), t('editor_rename_hint')));
    }, function (body) {
      var to = body.querySelector('input').value.trim();
      if (!to || to === doc.path) return t('editor_rename_needed');
      var go2 = function () {
        return api('POST', 'rename', { from: doc.path, to: to }).then(function (r) {
          if (r.status !== 200) return r.error;
          dirty = false;
          go(r.path);
          say(t('editor_renamed', { n: String(Math.max(0, (r.changed || []).length - 1)) }));
          return '';
        });
      };
      return dirty ? save().then(go2) : go2();
    });
  }
  function translateDialog() {
    var page = site.pages.filter(function (p) { return p.path === doc.path; })[0];
    var others = site.languages.filter(function (l) { return !page || l !== page.language; });
    dialog(t('editor_translate'), others.length ? t('editor_create') : '', function (body) {
      if (!others.length) { body.appendChild(el('p', { text: t('editor_no_languages') })); return; }
      var select = el('select');
      others.forEach(function (l) { select.add(new Option(l, l)); });
      body.appendChild(field(t('editor_language'), select, t('editor_translate_hint')));
    }, function (body) {
      return api('POST', 'translate', { path: doc.path, language: body.querySelector('select').value }).then(function (r) {
        if (r.status !== 200) return r.error;
        go(r.path);
        return '';
      });
    });
  }
  function deleteDialog() {
    dialog(t('editor_delete_title'), t('editor_delete'), function (body) {
      body.appendChild(el('p', { text: t('editor_delete_intro', { file: doc.path }) }));
    }, function () {
      return api('POST', 'delete', { path: doc.path }).then(function (r) {
        if (r.status !== 200) return r.error;
        dirty = false;
        var id = r.trash_id;
        go(null);
        alertMsg('');
        var undo = el('button', { type: 'button', text: t('editor_undo'), on: { click: function () {
          api('POST', 'undelete', { id: id }).then(function (u) { if (u.status === 200) go(u.path); else alertMsg(u.error); });
        } } });
        var s = $('status');
        s.textContent = t('editor_deleted') + ' ';
        s.appendChild(undo);
        return '';
      });
    });
  }
  function historyDialog() {
    api('GET', 'history?path=' + encodeURIComponent(doc.path)).then(function (r) {
      var versions = r.versions || [];
      var picked = null;
      dialog(t('editor_history'), versions.length ? t('editor_restore') : '', function (body) {
        if (!versions.length) { body.appendChild(el('p', { text: t('editor_no_history') })); return; }
        var shown = el('textarea', { readonly: '', rows: '10', class: 'mono', 'aria-label': t('editor_version_text') });
        var list = el('ul', { class: 'pick' });
        versions.forEach(function (v) {
          list.appendChild(el('li', {}, [el('button', { type: 'button', 'aria-pressed': 'false', text: t('editor_version_of', { when: v.when || v.id }), on: { click: function (ev) {
            list.querySelectorAll('button').forEach(function (b) { b.setAttribute('aria-pressed', 'false'); });
            ev.currentTarget.setAttribute('aria-pressed', 'true');
            api('GET', 'version?path=' + encodeURIComponent(doc.path) + '&id=' + encodeURIComponent(v.id)).then(function (x) {
              picked = x.text;
              shown.value = x.text || '';
            });
          } } })]));
        });
        body.appendChild(el('p', { text: t('editor_history_intro') }));
        body.appendChild(list);
        body.appendChild(shown);
      }, function () {
        if (picked === null) return t('editor_pick_version');
        return useText(picked).then(function () {
          setDirty(true);
          say(t('editor_restored'));
          return '';
        });
      });
    });
  }

  // ---- Moving between screens ------------------------------------------------------------------
  function go(path) {
    history.pushState({}, '', path ? P + '?path=' + encodeURIComponent(path) : P);
    route();
  }
  function route() {
    var path = new URLSearchParams(location.search).get('path');
    alertMsg('');
    if (path) openPage(path); else { doc = null; showList(); }
  }
  function leaveOk() { return !dirty || window.confirm(t('editor_leave')); }

  function start() {
    bindFields();
    bindTabs();
    ['f-search', 'f-section', 'f-language', 'f-status'].forEach(function (id) {
      $(id).addEventListener('input', renderList);
    });
    $('new-page').addEventListener('click', newPageDialog);
    $('save').addEventListener('click', save);
    $('save-draft').addEventListener('click', function () {
      $('fd-draft').checked = true;
      change('draft', true).then(save);
    });
    $('act-history').addEventListener('click', historyDialog);
    $('act-rename').addEventListener('click', renameDialog);
    $('act-translate').addEventListener('click', translateDialog);
    $('act-delete').addEventListener('click', deleteDialog);
    document.querySelectorAll('.more .menu button').forEach(function (b) {
      b.addEventListener('click', function () { b.closest('details').open = false; });
    });
    document.querySelectorAll('[data-do]').forEach(function (b) {
      b.addEventListener('click', function () { ACTIONS[b.dataset.do](); });
    });
    $('body').addEventListener('input', function () { setDirty(true); schedulePreview(); });
    $('back').addEventListener('click', function (ev) { ev.preventDefault(); if (leaveOk()) { dirty = false; go(null); } });
    $('page-list').addEventListener('click', function (ev) {
      var a = ev.target.closest('a');
      if (!a) return;
      ev.preventDefault();
      go(new URLSearchParams(a.search).get('path'));
    });
    document.addEventListener('keydown', function (ev) {
      var mod = ev.ctrlKey || ev.metaKey;
      if (!mod || !doc) return;
      var k = ev.key.toLowerCase();
      if (k === 's') { ev.preventDefault(); save(); }
      else if (ev.target === $('body') && k === 'b') { ev.preventDefault(); ACTIONS.bold(); }
      else if (ev.target === $('body') && k === 'k') { ev.preventDefault(); ACTIONS.link(); }
    });
    window.addEventListener('beforeunload', function (ev) { if (dirty) { ev.preventDefault(); ev.returnValue = ''; } });
    window.addEventListener('popstate', function () { if (leaveOk()) { dirty = false; route(); } });
    route();
  }
  start();
})();
