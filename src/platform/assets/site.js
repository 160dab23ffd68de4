// Small progressive enhancements, attached with data-module. The site works without this file.
(function () {
  'use strict';
  var modules = {
    // Moves focus to the error summary so screen reader users hear the problems first.
    'error-summary': function (el) { el.focus(); },
    // Asks before a destructive action.
    'confirm': function (el) {
      el.addEventListener('submit', function (e) {
        if (!window.confirm(el.getAttribute('data-confirm') || 'OK?')) e.preventDefault();
      });
    }
  };
  function init(root) {
    var els = root.querySelectorAll('[data-module]');
    for (var i = 0; i < els.length; i++) {
      var names = els[i].getAttribute('data-module').split(' ');
      for (var j = 0; j < names.length; j++) if (modules[names[j]]) modules[names[j]](els[i]);
    }
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', function () { init(document); });
  else init(document);
})();
