// Records the page's own errors (and any request the Content-Security-Policy refused) on the root
// element, where tests and tools can read them (the data-errors attribute, messages separated by "; ").
(function () {
  var root = document.documentElement;
  function note(message) {
    var before = root.getAttribute('data-errors');
    root.setAttribute('data-errors', (before ? before + '; ' : '') + message);
  }
  window.addEventListener('error', function (e) {
    note((e.message || 'error') + (e.lineno ? ' (line ' + e.lineno + ')' : ''));
  });
  window.addEventListener('unhandledrejection', function (e) {
    note('unhandled rejection: ' + e.reason);
  });
  document.addEventListener('securitypolicyviolation', function (e) {
    note('blocked ' + e.violatedDirective + ': ' + e.blockedURI);
  });
})();
