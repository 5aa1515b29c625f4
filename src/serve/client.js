// careleaf preview: reloads this page when the site is rebuilt. Injected by `careleaf serve`
// only; built sites never contain it. Loaded as a file so the page's CSP still holds.
(function () {
  'use strict';
  var here = location.pathname.endsWith('/') ? location.pathname + 'index.html' : location.pathname;
  var wasDown = false;
  function connect() {
    var events = new EventSource('/__careleaf/events');
    events.addEventListener('reload', function (e) {
      var changed = JSON.parse(e.data);
      if (changed === '*' || changed.indexOf(here) !== -1) location.reload();
    });
    events.addEventListener('open', function () {
      // The server came back after a restart: the site may have changed.
      if (wasDown) location.reload();
    });
    events.addEventListener('error', function () {
      wasDown = true;
    });
  }
  connect();
})();
