// Keeps the jobs page current: every two seconds, the rows again from the dashboard (?rows).
(function () {
  'use strict';
  var body = document.querySelector('#jobs tbody');
  var state = document.getElementById('state');
  function refresh() {
    fetch('?rows', { cache: 'no-store' })
      .then(function (r) {
        if (!r.ok) throw new Error('the stack answered ' + r.status);
        return r.text();
      })
      .then(function (html) {
        body.innerHTML = html;
        state.textContent = '';
        document.documentElement.setAttribute('data-refreshed', new Date().toISOString());
      })
      .catch(function (e) { state.textContent = '(not updating: ' + e.message + ')'; });
  }
  setInterval(refresh, 2000);
  document.documentElement.setAttribute('data-ready', 'true');
})();
