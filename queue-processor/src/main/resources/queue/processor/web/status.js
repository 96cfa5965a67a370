(function () {
  'use strict';
  // Swaps in the live part every two seconds: no reload, no flicker, the scroll position kept.
  var live = document.getElementById('live');
  var period = 2000;
  function again() {
    window.setTimeout(refresh, period);
  }
  function refresh() {
    if (document.hidden) {
      again();
      return;
    }
    fetch('live', { cache: 'no-store' })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        live.innerHTML = html;
        document.body.classList.remove('offline');
      })
      .catch(function () {
        document.body.classList.add('offline');
      })
      .then(again);
  }
  again();
})();
