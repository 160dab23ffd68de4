// My programme: star buttons on programme items. Without an account the stars are kept in this
// browser (localStorage); when signed in they are saved in the account, and stars kept in the
// browser before signing in are moved there. Without JavaScript signed-in visitors use plain forms.
(function () {
  'use strict';
  var KEY = 'h22-stars';
  var SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

  function load() {
    try {
      var v = JSON.parse(window.localStorage.getItem(KEY) || '[]');
      return Array.isArray(v) ? v.filter(function (s) { return typeof s === 'string' && SLUG.test(s); }) : [];
    } catch (e) { return []; }
  }
  function save(list) {
    try { window.localStorage.setItem(KEY, JSON.stringify(list)); } catch (e) { /* private mode: stars last for the page */ }
  }
  function post(url, csrf, fields, done) {
    var body = new URLSearchParams();
    body.append('_csrf', csrf);
    for (var k in fields) {
      var v = fields[k];
      if (Array.isArray(v)) for (var i = 0; i < v.length; i++) body.append(k, v[i]);
      else body.append(k, v);
    }
    window.fetch(url, { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Accept': 'application/json' }, body: body.toString() })
      .then(function (r) { if (r.ok && done) done(); })
      .catch(function () {});
  }

  function initList(root) {
    var sync = root.getAttribute('data-sync-url');
    var csrf = root.getAttribute('data-csrf') || '';
    var label = root.getAttribute('data-star-label') || 'Star';
    var starred = sync ? (root.getAttribute('data-starred') || '').split(',').filter(Boolean) : load();
    if (sync) {
      // Stars kept in the browser before signing in move into the account.
      var local = load();
      if (local.length) {
        post(sync, csrf, { add: local }, function () { save([]); });
        for (var j = 0; j < local.length; j++) if (starred.indexOf(local[j]) < 0) starred.push(local[j]);
      }
    }
    var items = root.querySelectorAll('[data-event-slug]');
    for (var i = 0; i < items.length; i++) addButton(items[i]);

    function addButton(item) {
      var slug = item.getAttribute('data-event-slug');
      if (!SLUG.test(slug || '') || item.querySelector('.star-button')) return;
      var link = item.querySelector('a');
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'star-button';
      button.appendChild(document.createTextNode('☆ ' + label));
      if (link) {
        var hidden = document.createElement('span');
        hidden.className = 'visually-hidden';
        hidden.textContent = ': ' + link.textContent;
        button.appendChild(hidden);
      }
      var set = function (on) {
        button.setAttribute('aria-pressed', on ? 'true' : 'false');
        button.firstChild.nodeValue = (on ? '★ ' : '☆ ') + label;
      };
      set(starred.indexOf(slug) >= 0);
      button.addEventListener('click', function () {
        var on = starred.indexOf(slug) < 0;
        if (on) starred.push(slug); else starred.splice(starred.indexOf(slug), 1);
        set(on);
        if (sync) post(sync, csrf, on ? { add: slug } : { remove: slug });
        else save(starred);
      });
      item.appendChild(button);
    }
  }

  // The "my programme" page without an account: the server renders the list the browser remembers
  // (its address carries the stars); the list is fetched and swapped in, so there is no reload.
  function initMine(root) {
    if (root.getAttribute('data-signed-in')) return;
    var note = root.querySelector('.no-js-note');
    if (note) note.parentNode.removeChild(note);
    var stars = load();
    var params = new URLSearchParams(window.location.search);
    var shown = (params.get('s') || '').split(',').filter(Boolean);
    if (stars.join(',') === shown.join(',')) return;
    if (stars.length) params.set('s', stars.join(',')); else params.delete('s');
    var url = window.location.pathname + (params.toString() ? '?' + params.toString() : '');
    window.fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (text) {
        var doc = new window.DOMParser().parseFromString(text, 'text/html');
        var fresh = doc.querySelector('[data-module~="my-programme"]');
        if (!fresh) return;
        var note2 = fresh.querySelector('.no-js-note');
        if (note2) note2.parentNode.removeChild(note2);
        while (root.firstChild) root.removeChild(root.firstChild);
        var kids = Array.prototype.slice.call(fresh.childNodes);
        for (var k = 0; k < kids.length; k++) root.appendChild(document.importNode(kids[k], true));
        window.history.replaceState(null, '', url);
        initList(root);
      })
      .catch(function () {});
  }

  function start() {
    var lists = document.querySelectorAll('[data-module~="stars"]');
    for (var i = 0; i < lists.length; i++) initList(lists[i]);
    var mine = document.querySelectorAll('[data-module~="my-programme"]');
    for (var j = 0; j < mine.length; j++) initMine(mine[j]);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
