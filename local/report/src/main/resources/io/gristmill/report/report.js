// The report's behaviour: a tooltip for each attempt's bar, and the task table (sortable, filterable,
// slowest first). Everything it shows comes from the JSON in #gm-data; it requests nothing.
(function () {
  'use strict';
  var root = document.documentElement;
  var data = JSON.parse(document.getElementById('gm-data').textContent);
  var BACKUP = 1, STRAGGLER = 2, UNKNOWN = 4, RUNNING = 8, KEPT = 16;

  function esc(s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function bytes(n) {
    if (n < 1024) return n + ' B';
    var units = ['KB', 'MB', 'GB', 'TB'], v = n, i = -1;
    while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
    return v.toFixed(1) + ' ' + units[i];
  }
  function ms(n) {
    if (n < 1000) return n + ' ms';
    if (n < 60000) return (n / 1000).toFixed(1) + ' s';
    var s = Math.floor(n / 1000) % 60;
    return Math.floor(n / 60000) + ' min ' + (s < 10 ? '0' : '') + s + ' s';
  }
  function count(n) { return Number(n).toLocaleString('en-US'); }
  // An attempt: [delivery, worker, start, millis, outcome, flags, error?], as JobReport.data writes it.
  var DELIVERY = 0, WORKER = 1, START = 2, MILLIS = 3, OUTCOME = 4, FLAGS = 5, ERROR = 6;
  function outcomeOf(a) { return data.outcomes[a[OUTCOME]]; }
  function outcomeWords(a) {
    var w = outcomeOf(a);
    if (a[FLAGS] & BACKUP) w += ' (backup)';
    if (a[FLAGS] & STRAGGLER) w += ' (straggler)';
    return w;
  }
  function inputOf(t) {
    var i = t[1];
    if (i == null) return '';
    if (typeof i === 'string') return i;
    return data.sources[i[0]] + ' bytes ' + i[1] + '-' + i[2];
  }

  // ---- tooltips: which task, which attempt, how long, how much, how it ended. The bars come in the
  // order of the data's attempts.
  var timeline = document.querySelector('svg.timeline');
  var bars = timeline.querySelectorAll('rect[data-attempt]');
  var barIndex = new Map();
  var flat = [];
  data.tasks.forEach(function (t) {
    t[6].forEach(function (a) { flat.push([t, a]); });
  });
  if (flat.length !== bars.length) {
    throw new Error(bars.length + ' bars but ' + flat.length + ' attempts in the data');
  }
  for (var b = 0; b < bars.length; b++) barIndex.set(bars[b], b);
  var tip = document.getElementById('tip');
  function describe(t, a, id) {
    var lines = ['<b>' + esc(t[0]) + ' · attempt ' + esc(id) + ' (delivery ' + a[DELIVERY] + ')</b>'];
    lines.push(esc(outcomeWords(a)) + (a[FLAGS] & RUNNING ? ', running for ' : ', ')
      + (a[FLAGS] & UNKNOWN ? 'no word after its start; its task ran again ' + ms(a[MILLIS]) + ' later'
        : ms(a[MILLIS])));
    lines.push('from ' + ms(a[START]) + ' to ' + ms(a[START] + a[MILLIS]) + ' after the job started');
    if (a[FLAGS] & KEPT) lines.push('read ' + bytes(t[2]) + ', wrote ' + bytes(t[3])
      + ' (' + count(t[4]) + ' records in, ' + count(t[5]) + ' out)');
    var input = inputOf(t);
    if (input) lines.push('input ' + esc(input));
    lines.push('instance ' + esc(data.workers[a[WORKER]]));
    if (a[ERROR]) lines.push('error: ' + esc(a[ERROR]));
    return lines.join('<br>');
  }
  function hitOf(e) {
    var i = barIndex.get(e.target);
    if (i === undefined) return null;
    return [flat[i][0], flat[i][1], e.target.getAttribute('data-attempt')];
  }
  timeline.addEventListener('mousemove', function (e) {
    var hit = hitOf(e);
    if (!hit) { tip.hidden = true; return; }
    tip.innerHTML = describe(hit[0], hit[1], hit[2]);
    tip.hidden = false;
    var x = e.clientX + 14, y = e.clientY + 14;
    if (x + tip.offsetWidth > window.innerWidth) x = e.clientX - tip.offsetWidth - 10;
    if (y + tip.offsetHeight > window.innerHeight) y = e.clientY - tip.offsetHeight - 10;
    tip.style.left = x + 'px';
    tip.style.top = y + 'px';
  });
  timeline.addEventListener('mouseleave', function () { tip.hidden = true; });

  // ---- the task table
  var rows = data.tasks.map(function (t) {
    var atts = t[6], kept = null, start = Infinity, end = 0, longest = 0;
    atts.forEach(function (a) {
      if (a[FLAGS] & KEPT) kept = a;
      start = Math.min(start, a[START]);
      end = Math.max(end, a[START] + a[MILLIS]);
      longest = Math.max(longest, a[MILLIS]);
    });
    var outcomes = atts.map(outcomeWords);
    var input = inputOf(t);
    return {
      t: t, task: t[0], input: input, attempts: atts.length, outcomes: outcomes.join(' → '),
      time: kept ? kept[MILLIS] : longest,
      span: atts.length ? (kept ? kept[START] + kept[MILLIS] : end) - start : 0,
      start: atts.length ? start : 0,
      'in': t[2], out: t[3], rin: t[4], rout: t[5],
      text: (t[0] + ' ' + input + ' ' + outcomes.join(' ')).toLowerCase()
    };
  });
  var table = document.getElementById('task-table');
  var body = table.tBodies[0];
  var filter = document.getElementById('filter');
  var shown = document.getElementById('shown');
  var more = document.getElementById('more');
  var sort = { key: 'time', desc: true };
  var PAGE = 200, limit = PAGE;

  function cell(r, key) {
    switch (key) {
      case 'task': return '<code>' + esc(r.task) + '</code>';
      case 'input': return '<span title="' + esc(r.input) + '">' + esc(r.input) + '</span>';
      case 'outcomes': return r.t[6].map(function (a) {
        var cls = 'o-' + outcomeOf(a) + (a[FLAGS] & BACKUP ? ' o-backup' : '');
        return '<span class="' + cls + '" title="' + esc(a[ERROR] || '') + '">' + esc(outcomeWords(a)) + '</span>';
      }).join(' → ');
      case 'time': case 'span': case 'start': return ms(r[key]);
      case 'in': case 'out': return bytes(r[key]);
      case 'rin': case 'rout': return count(r[key]);
      default: return esc(r[key]);
    }
  }
  var keys = Array.prototype.map.call(table.tHead.rows[0].cells, function (th) { return th.getAttribute('data-key'); });

  function render() {
    var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    var picked = rows.filter(function (r) {
      return words.every(function (w) { return r.text.indexOf(w) >= 0; });
    });
    var k = sort.key, sign = sort.desc ? -1 : 1;
    picked.sort(function (a, b) {
      var x = a[k], y = b[k];
      var c = typeof x === 'number' ? x - y : String(x).localeCompare(String(y));
      return c !== 0 ? sign * c : a.task.localeCompare(b.task);
    });
    var html = [];
    var n = Math.min(limit, picked.length);
    for (var i = 0; i < n; i++) {
      var r = picked[i];
      html.push('<tr data-task="' + esc(r.task) + '">' + keys.map(function (key) {
        return '<td>' + cell(r, key) + '</td>';
      }).join('') + '</tr>');
    }
    body.innerHTML = html.join('');
    shown.textContent = n === picked.length
      ? count(n) + (n === 1 ? ' task' : ' tasks')
      : count(n) + ' of ' + count(picked.length) + ' tasks';
    more.hidden = n === picked.length;
    more.textContent = 'show all ' + count(picked.length);
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      th.classList.toggle('sorted', th.getAttribute('data-key') === sort.key);
      th.classList.toggle('asc', !sort.desc);
    });
  }
  table.tHead.addEventListener('click', function (e) {
    var th = e.target.closest('th');
    if (!th) return;
    var key = th.getAttribute('data-key');
    sort = { key: key, desc: sort.key === key ? !sort.desc : typeof rows[0] === 'undefined' || typeof rows[0][key] === 'number' };
    render();
  });
  filter.addEventListener('input', function () { limit = PAGE; render(); });
  more.addEventListener('click', function () { limit = Infinity; render(); });
  timeline.addEventListener('click', function (e) {
    var hit = hitOf(e);
    if (!hit) return;
    filter.value = hit[0][0];
    limit = PAGE;
    render();
    var tr = body.querySelector('tr');
    if (tr) { tr.classList.add('hit'); tr.scrollIntoView({ block: 'center' }); }
  });
  render();
  root.setAttribute('data-render-ms', Math.round(performance.now()));
  root.setAttribute('data-ready', 'true');
})();
