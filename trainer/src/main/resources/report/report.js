/* Prescient backtest report: draws the charts from the embedded JSON (see ReportData). Vanilla JS, no fetch. */
(function () {
  'use strict';
  var MINUTE = 60000;
  var DAY = 86400000;
  var HEIGHT = 210;
  var PAD = { left: 62, right: 12, top: 8, bottom: 24 };
  var COLOR = {
    demand: '#1f2937', ready: '#059669', total: '#86c5a8', under: 'rgba(220, 38, 38, 0.20)', tick: '#dc2626',
    p50: '#c2410c', band: 'rgba(234, 88, 12, 0.22)', grid: '#eceef1', axis: '#6b7280',
    demoted: 'rgba(124, 58, 237, 0.16)'
  };
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var n = data.minutes;
  var C = data.capacityPerPod;
  var demand = fromDeltas(data.demand, data.quantum);
  var days = dayRanges();
  var charts = [];
  var current = null;

  // ---- decoding ----
  function fromDeltas(deltas, quantum) {
    var out = new Float64Array(deltas.length);
    var acc = 0;
    for (var i = 0; i < deltas.length; i++) {
      if (deltas[i] === null) { out[i] = NaN; } else { acc += deltas[i]; out[i] = acc * quantum; }
    }
    return out;
  }

  function fromRuns(runs) {
    var out = new Int32Array(n);
    var k = 0;
    for (var i = 0; i < runs.length; i += 2) {
      out.fill(runs[i], k, k + runs[i + 1]);
      k += runs[i + 1];
    }
    return out;
  }

  // ---- time ----
  function dayRanges() {
    var out = [];
    for (var i = 0; i < n;) {
      var ms = data.t0 + i * MINUTE;
      var end = Math.min(n, i + Math.ceil(((Math.floor(ms / DAY) + 1) * DAY - ms) / MINUTE));
      out.push({ from: i, to: end, key: iso(ms).slice(0, 10) });
      i = end;
    }
    return out;
  }

  function iso(ms) { return new Date(ms).toISOString(); }
  function hhmm(i) { return iso(data.t0 + i * MINUTE).slice(11, 16); }
  function stamp(i) { return iso(data.t0 + i * MINUTE).slice(5, 16).replace('T', ' '); }

  // ---- numbers ----
  function fmt(v) {
    if (!isFinite(v)) { return '–'; }
    var a = Math.abs(v);
    var digits = a >= 100 ? 0 : a >= 10 ? 1 : 2;
    return v.toLocaleString('en-US', { maximumFractionDigits: digits });
  }

  function niceStep(max, count) {
    var raw = max / count;
    var mag = Math.pow(10, Math.floor(Math.log10(raw)));
    var norm = raw / mag;
    return (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
  }

  function maxOf(arrays, r) {
    var m = 0;
    arrays.forEach(function (a) {
      for (var i = r.from; i < r.to; i++) { if (a[i] > m) { m = a[i]; } }
    });
    return m > 0 ? m * 1.06 : 1;
  }

  // ---- drawing ----
  function setUp(canvas) {
    var dpr = window.devicePixelRatio || 1;
    var w = Math.max(300, canvas.clientWidth || canvas.parentNode.clientWidth || 800);
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(HEIGHT * dpr);
    var ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, HEIGHT);
    return { ctx: ctx, w: w };
  }

  function frame(ctx, w, r, yMax) {
    var f = {
      left: PAD.left, right: w - PAD.right, top: PAD.top, bottom: HEIGHT - PAD.bottom,
      x: function (i) { return f.left + (i - r.from) / (r.to - r.from) * (f.right - f.left); },
      y: function (v) { return f.bottom - v / yMax * (f.bottom - f.top); }
    };
    ctx.font = '11px system-ui, sans-serif';
    ctx.lineWidth = 1;
    ctx.fillStyle = COLOR.axis;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    var step = niceStep(yMax, 4);
    for (var v = 0; v <= yMax; v += step) {
      line(ctx, f.left, f.y(v), f.right, f.y(v), COLOR.grid);
      ctx.fillText(fmt(v), f.left - 6, f.y(v));
    }
    xTicks(ctx, f, r);
    return f;
  }

  function xTicks(ctx, f, r) {
    var steps = [15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080];
    var perPx = (r.to - r.from) / (f.right - f.left);
    var s = steps.find(function (m) { return m / perPx >= 70; }) || 10080;
    var first = Math.ceil((data.t0 / MINUTE + r.from) / s) * s - data.t0 / MINUTE;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (var i = first; i < r.to; i += s) {
      line(ctx, f.x(i), f.top, f.x(i), f.bottom, COLOR.grid);
      ctx.fillText(s >= 1440 || hhmm(i) === '00:00' ? stamp(i).slice(0, 5) : hhmm(i), f.x(i), f.bottom + 5);
    }
  }

  function line(ctx, x1, y1, x2, y2, color) {
    ctx.strokeStyle = color;
    ctx.beginPath();
    ctx.moveTo(Math.round(x1) + 0.5, Math.round(y1) + 0.5);
    ctx.lineTo(Math.round(x2) + 0.5, Math.round(y2) + 0.5);
    ctx.stroke();
  }

  /** Traces value(i) over the range as steps [i, i + 1); NaN breaks the path. Returns the points drawn. */
  function stepPath(ctx, f, r, value) {
    var points = 0;
    var open = false;
    ctx.beginPath();
    for (var i = r.from; i < r.to; i++) {
      var v = value(i);
      if (!isFinite(v)) { open = false; continue; }
      if (open) { ctx.lineTo(f.x(i), f.y(v)); } else { ctx.moveTo(f.x(i), f.y(v)); open = true; }
      ctx.lineTo(f.x(i + 1), f.y(v));
      points++;
    }
    return points;
  }

  function stroke(ctx, f, r, value, color, width) {
    ctx.strokeStyle = color;
    ctx.lineWidth = width;
    var points = stepPath(ctx, f, r, value);
    ctx.stroke();
    ctx.lineWidth = 1;
    return points;
  }

  function band(ctx, f, r, low, high, color) {
    ctx.fillStyle = color;
    for (var i = r.from; i < r.to; i++) {
      if (isFinite(low[i]) && isFinite(high[i])) {
        ctx.fillRect(f.x(i), f.y(high[i]), f.x(i + 1) - f.x(i) + 0.5, f.y(low[i]) - f.y(high[i]));
      }
    }
  }

  function shadeUnder(ctx, f, r, short) {
    for (var i = r.from; i < r.to; i++) {
      if (!short(i)) { continue; }
      var j = i;
      while (j < r.to && short(j)) { j++; }
      var x = f.x(i);
      var w = Math.max(1.5, f.x(j) - x);
      ctx.fillStyle = COLOR.under;
      ctx.fillRect(x, f.top, w, f.bottom - f.top);
      ctx.fillStyle = COLOR.tick;
      ctx.fillRect(x, f.bottom - 6, w, 6);
      i = j;
    }
  }

  /** Shades the spans in which the prescient policy was demoted; returns the minutes shaded in the range. */
  function shadeDemoted(ctx, f, r) {
    var minutes = 0;
    (data.demotions || []).forEach(function (d) {
      var from = Math.max(r.from, d[0]);
      var to = Math.min(r.to, d[1]);
      if (to <= from) { return; }
      ctx.fillStyle = COLOR.demoted;
      ctx.fillRect(f.x(from), f.top, f.x(to) - f.x(from), f.bottom - f.top);
      minutes += to - from;
    });
    return minutes;
  }

  function demotedLegend() {
    return data.demotions && data.demotions.length ? [['prescient demoted', COLOR.demoted]] : [];
  }

  // ---- panels ----
  function panel(container, title, legend) {
    var div = document.createElement('div');
    div.className = 'panel';
    var head = document.createElement('header');
    var h3 = document.createElement('h3');
    h3.textContent = title;
    var stats = document.createElement('span');
    stats.className = 'stats';
    var readout = document.createElement('span');
    readout.className = 'readout';
    head.append(h3, stats, readout);
    var canvas = document.createElement('canvas');
    var keys = document.createElement('div');
    keys.className = 'legend';
    legend.forEach(function (l) {
      var item = document.createElement('span');
      var swatch = document.createElement('i');
      swatch.style.background = l[1];
      item.append(swatch, l[0]);
      keys.append(item);
    });
    div.append(head, canvas, keys);
    container.append(div);
    return { canvas: canvas, stats: stats, readout: readout };
  }

  function hover(p, describe) {
    p.canvas.addEventListener('mousemove', function (e) {
      if (!current) { return; }
      var box = p.canvas.getBoundingClientRect();
      var frac = (e.clientX - box.left - PAD.left) / (box.width - PAD.left - PAD.right);
      var i = current.from + Math.floor(frac * (current.to - current.from));
      p.readout.textContent = i >= current.from && i < current.to ? stamp(i) + ' UTC  ' + describe(i) : '';
    });
    p.canvas.addEventListener('mouseleave', function () { p.readout.textContent = ''; });
  }

  function policyChart(container, policy) {
    var ready = fromRuns(policy.ready);
    var total = fromRuns(policy.total);
    var p = panel(container, policy.name, [['demand', COLOR.demand], ['ready × C', COLOR.ready],
      ['ready + starting × C', COLOR.total], ['under-provisioned', COLOR.tick]].concat(demotedLegend()));
    var short = function (i) { return demand[i] > ready[i] * C + 1e-9; };
    hover(p, function (i) {
      return 'demand ' + fmt(demand[i]) + ' · ready ' + ready[i] + ' pods (' + fmt(ready[i] * C) + ') · total '
        + total[i] + (short(i) ? ' · SHORT' : '');
    });
    return function draw(r) {
      var s = setUp(p.canvas);
      var capacity = function (i) { return ready[i] * C; };
      var f = frame(s.ctx, s.w, r, Math.max(maxOf([demand], r), maxOf([total], r) * C));
      p.canvas.dataset.demotedMinutes = String(shadeDemoted(s.ctx, f, r));
      shadeUnder(s.ctx, f, r, short);
      stroke(s.ctx, f, r, function (i) { return total[i] * C; }, COLOR.total, 1);
      stroke(s.ctx, f, r, capacity, COLOR.ready, 1.6);
      var points = stroke(s.ctx, f, r, function (i) { return demand[i]; }, COLOR.demand, 1.1);
      p.stats.innerHTML = '';
      p.stats.append(policyStats(r, ready, total, short));
      p.canvas.dataset.points = String(points);
      return points;
    };
  }

  function policyStats(r, ready, total, short) {
    var under = 0, dropped = 0, served = 0, pods = 0;
    for (var i = r.from; i < r.to; i++) {
      served += demand[i];
      pods += total[i];
      if (short(i)) { under++; dropped += demand[i] - ready[i] * C; }
    }
    var span = document.createElement('span');
    var u = document.createElement('span');
    u.textContent = 'U ' + (100 * under / (r.to - r.from)).toFixed(2) + ' %';
    if (under > 0) { u.className = 'bad'; }
    span.append(u, ' · dropped ' + (served ? 100 * dropped / served : 0).toFixed(2) + ' % · '
      + pods.toLocaleString('en-US') + ' pod-minutes · mean ' + (pods / (r.to - r.from)).toFixed(1) + ' pods');
    return span;
  }

  function trackChart(container, track) {
    var p50 = fromDeltas(track.p50, data.forecastQuantum);
    var p90 = fromDeltas(track.p90, data.forecastQuantum);
    var p = panel(container, track.name, [['actual demand', COLOR.demand], ['p50', COLOR.p50],
      ['p50–p90 band', COLOR.band]].concat(demotedLegend()));
    hover(p, function (i) {
      return 'actual ' + fmt(demand[i]) + ' · p50 ' + fmt(p50[i]) + ' · p90 ' + fmt(p90[i]);
    });
    return function draw(r) {
      var s = setUp(p.canvas);
      var f = frame(s.ctx, s.w, r, maxOf([demand, p90], r));
      p.canvas.dataset.demotedMinutes = String(shadeDemoted(s.ctx, f, r));
      band(s.ctx, f, r, p50, p90, COLOR.band);
      var points = stroke(s.ctx, f, r, function (i) { return p50[i]; }, COLOR.p50, 1.3);
      stroke(s.ctx, f, r, function (i) { return demand[i]; }, COLOR.demand, 1);
      p.stats.textContent = trackStats(r, p50, p90);
      p.canvas.dataset.points = String(points);
      return points;
    };
  }

  function trackStats(r, p50, p90) {
    var k = 0, err = 0, covered = 0;
    for (var i = r.from; i < r.to; i++) {
      if (!isFinite(p50[i])) { continue; }
      k++;
      err += Math.abs(p50[i] - demand[i]);
      if (demand[i] <= p90[i]) { covered++; }
    }
    return k ? 'stitched p50 MAE ' + fmt(err / k) + ' · p90 covers ' + (100 * covered / k).toFixed(1) + ' %'
      : 'no forecast in this range';
  }

  // ---- the tuned-HPA frontier ----
  var WINDOW_COLOR = { 1: '#2563eb', 5: '#0d9488' };
  var POINT_COLOR = ['#dc2626', '#7c3aed', '#c2410c', '#1f2937', '#db2777', '#65a30d', '#0891b2'];

  /** Cost (x) against U or Drop (y): one line per HPA scale-down window, each policy a labelled dot. */
  function frontierChart(host, key, title) {
    var frontier = data.frontier || [];
    var pts = data.policyPoints || [];
    var legend = Object.keys(WINDOW_COLOR).map(function (w) { return ['HPA, ' + w + '-min scale-down window', WINDOW_COLOR[w]]; });
    pts.forEach(function (p, k) { legend.push([p.name, POINT_COLOR[k % POINT_COLOR.length]]); });
    var p = panel(host, title, legend);
    var s = setUp(p.canvas);
    var all = frontier.concat(pts);
    var xMin = Math.min.apply(null, all.map(function (q) { return q.cost; })) * 0.97;
    var xMax = Math.max.apply(null, all.map(function (q) { return q.cost; })) * 1.03;
    var yMax = Math.max.apply(null, all.map(function (q) { return q[key]; }).concat([0.1])) * 1.08;
    var f = {
      left: PAD.left, right: s.w - PAD.right, top: PAD.top, bottom: HEIGHT - PAD.bottom,
      x: function (c) { return f.left + (c - xMin) / (xMax - xMin) * (f.right - f.left); },
      y: function (v) { return f.bottom - v / yMax * (f.bottom - f.top); }
    };
    var ctx = s.ctx;
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillStyle = COLOR.axis;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    var yStep = niceStep(yMax, 4);
    for (var v = 0; v <= yMax; v += yStep) {
      line(ctx, f.left, f.y(v), f.right, f.y(v), COLOR.grid);
      ctx.fillText(fmt(v) + ' %', f.left - 6, f.y(v));
    }
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    var xStep = niceStep(xMax - xMin, 6);
    for (var c = Math.ceil(xMin / xStep) * xStep; c <= xMax; c += xStep) {
      line(ctx, f.x(c), f.top, f.x(c), f.bottom, COLOR.grid);
      ctx.fillText(c.toFixed(2), f.x(c), f.bottom + 5);
    }
    var drawn = 0;
    Object.keys(WINDOW_COLOR).forEach(function (w) {
      var curve = frontier.filter(function (q) { return String(q.window) === w; })
        .sort(function (a, b) { return a.cost - b.cost; });
      ctx.strokeStyle = WINDOW_COLOR[w];
      ctx.fillStyle = WINDOW_COLOR[w];
      ctx.lineWidth = 1.4;
      ctx.beginPath();
      curve.forEach(function (q, k) {
        if (k === 0) { ctx.moveTo(f.x(q.cost), f.y(q[key])); } else { ctx.lineTo(f.x(q.cost), f.y(q[key])); }
      });
      ctx.stroke();
      curve.forEach(function (q) { ctx.fillRect(f.x(q.cost) - 2, f.y(q[key]) - 2, 4, 4); drawn++; });
    });
    ctx.lineWidth = 1;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'bottom';
    pts.forEach(function (q, k) {
      ctx.fillStyle = POINT_COLOR[k % POINT_COLOR.length];
      ctx.beginPath();
      ctx.arc(f.x(q.cost), f.y(q[key]), 5, 0, 2 * Math.PI);
      ctx.fill();
      ctx.fillText(q.name, f.x(q.cost) + 7, f.y(q[key]) - 3);
      drawn++;
    });
    p.stats.textContent = 'x: cost vs oracle · y: ' + (key === 'u' ? 'minutes short of capacity' : 'demand dropped');
    p.canvas.dataset.frontierPoints = String(drawn);
    return drawn;
  }

  // ---- decisions ----
  function decisionTable(r) {
    var host = document.getElementById('decision-table');
    host.textContent = '';
    if (!data.decisions.length) {
      host.textContent = 'The prescient policy was not part of this run.';
      return;
    }
    var only = document.getElementById('changes-only');
    var rows = data.decisions.filter(function (d) {
      var i = d[0] - data.firstMinute;
      return i >= r.from && i < r.to && (!only.checked || d[1] !== 'none');
    });
    var note = document.createElement('p');
    note.className = 'note';
    note.textContent = rows.length + ' decisions in ' + (current.key === 'all' ? 'the whole span' : current.key)
      + (only.checked ? ' (changes and holds only)' : '') + '; times UTC.';
    var table = document.createElement('table');
    table.className = 'decisions';
    table.innerHTML = '<thead><tr><th>time</th><th>minute</th><th>action</th><th>desired</th><th>reason</th></tr></thead>';
    var body = document.createElement('tbody');
    rows.forEach(function (d) {
      var tr = body.insertRow();
      tr.className = d[1];
      [stamp(d[0] - data.firstMinute), d[0], d[1], d[2], d[3]].forEach(function (v, k) {
        var td = tr.insertCell();
        td.textContent = String(v);
        td.className = ['', 'num', 'action', 'num', 'reason'][k];
      });
    });
    table.append(body);
    var scroll = document.createElement('div');
    scroll.className = 'scroll';
    scroll.append(table);
    host.append(note, scroll);
  }

  // ---- controls ----
  function controls() {
    var nav = document.getElementById('controls');
    var label = document.createElement('label');
    label.textContent = 'Day (UTC)';
    label.htmlFor = 'day';
    var select = document.createElement('select');
    select.id = 'day';
    days.forEach(function (d) {
      select.add(new Option(d.key + (d.to - d.from < 1440 ? ' (' + (d.to - d.from) + ' min)' : ''), d.key));
    });
    select.add(new Option('whole span (' + days.length + ' days)', 'all'));
    var prev = button('◀ previous', -1, select);
    var next = button('next ▶', 1, select);
    var box = document.createElement('input');
    box.type = 'checkbox';
    box.id = 'changes-only';
    box.checked = true;
    var boxLabel = document.createElement('label');
    boxLabel.append(box, ' decisions: changes only');
    var hint = document.createElement('span');
    hint.className = 'hint';
    hint.textContent = '← → keys change the day; hover a chart for values';
    nav.append(label, select, prev, next, boxLabel, hint);
    select.addEventListener('change', function () { show(select.value); });
    box.addEventListener('change', function () { decisionTable(current); });
    document.addEventListener('keydown', function (e) {
      if (e.target.tagName === 'SELECT') { return; }
      if (e.key === 'ArrowLeft') { prev.click(); } else if (e.key === 'ArrowRight') { next.click(); }
    });
    return select;
  }

  function button(text, delta, select) {
    var b = document.createElement('button');
    b.type = 'button';
    b.textContent = text;
    b.addEventListener('click', function () {
      var i = Math.min(select.options.length - 1, Math.max(0, select.selectedIndex + delta));
      select.selectedIndex = i;
      show(select.value);
    });
    return b;
  }

  function rangeOf(key) {
    if (key === 'all') { return { from: 0, to: n, key: 'all' }; }
    return days.find(function (d) { return d.key === key; }) || days[0];
  }

  function show(key) {
    current = rangeOf(key);
    try {
      if (location.hash.slice(1) !== current.key) { history.replaceState(null, '', '#' + current.key); }
    } catch (ignored) { /* some browsers refuse history changes on file: pages; the day still changes */ }
    var drawn = 0;
    charts.forEach(function (draw) { draw(current); drawn++; });
    decisionTable(current);
    document.body.dataset.day = current.key;
    document.body.dataset.chartsRendered = String(drawn);
  }

  function initialKey() {
    var wanted = decodeURIComponent(location.hash.slice(1));
    if (wanted === 'all' || days.some(function (d) { return d.key === wanted; })) { return wanted; }
    var full = days.find(function (d) { return d.to - d.from === 1440; });
    return (full || days[0]).key;
  }

  try {
    var select = controls();
    var policyHost = document.getElementById('policy-charts');
    var trackHost = document.getElementById('track-charts');
    data.policies.forEach(function (p) { charts.push(policyChart(policyHost, p)); });
    data.tracks.forEach(function (t) { charts.push(trackChart(trackHost, t)); });
    var frontierHost = document.getElementById('frontier-charts');
    if (frontierHost && data.frontier && data.frontier.length) {
      frontierChart(frontierHost, 'u', 'U % against cost');
      frontierChart(frontierHost, 'drop', 'Drop % against cost');
      document.body.dataset.frontierRendered = '2';
    }
    select.value = initialKey();
    show(select.value);
    var pending = 0;
    window.addEventListener('resize', function () {
      clearTimeout(pending);
      pending = setTimeout(function () { show(current.key); }, 120);
    });
  } catch (e) {
    document.body.dataset.chartsError = String(e && e.message || e);
    throw e;
  }
})();
