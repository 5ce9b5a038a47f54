// The live page: reads pushbench's event stream (events, text/event-stream; LiveFeed.java writes the events) and
// redraws the status table, the three charts and the runs table. A page that connects late is replayed the whole
// history first, so its charts are complete; EventSource reconnects with Last-Event-ID and is sent only what it missed.
(function () {
  'use strict';
  var PHASES = {ramp: 'ramp', warmup: 'warm-up', steady: 'measure (steady window)', drain: 'drain'};
  var state = {
    command: null, plan: null, run: null, series: {}, seriesOrder: [], bands: [], openBand: null,
    runs: {}, runOrder: [], events: 0, intervals: 0, ended: false
  };
  window.pushbenchLive = state;   // for the page's test and for anyone curious in the console

  function $(id) { return document.getElementById(id); }
  function text(id, s) { $(id).textContent = s; }
  function fmtInt(v) { return Math.round(v).toLocaleString('en-US'); }
  function fmtUs(v) {
    if (v === null || v === undefined) { return '-'; }
    return v >= 1000 ? (v / 1000).toFixed(2) + ' ms' : Math.round(v) + ' µs';
  }

  var charts = {};
  function chart(id, title, yName) {
    var c = echarts.init($(id), null, {renderer: 'svg'});
    c.setOption({
      animation: false,
      title: {text: title, textStyle: {fontSize: 13}},
      tooltip: {trigger: 'axis'},
      legend: {top: 22, type: 'scroll'},
      grid: {left: 70, right: 24, top: 60, bottom: 45},
      xAxis: {type: 'value', name: 'seconds since pushbench started', nameLocation: 'middle', nameGap: 28,
              min: 'dataMin'},
      yAxis: {type: 'value', name: yName, nameLocation: 'middle', nameGap: 55},
      series: []
    });
    charts[id] = c;
  }
  chart('chart-rate', 'Delivered messages per second', 'msg/s');
  chart('chart-p99', 'p99 latency per second', 'ms');
  chart('chart-connections', 'Open connections', 'connections');
  window.addEventListener('resize', function () { Object.keys(charts).forEach(function (k) { charts[k].resize(); }); });

  function seriesOf(name) {
    var s = state.series[name];
    if (!s) {
      s = state.series[name] = {rate: [], p99: [], connections: []};
      state.seriesOrder.push(name);
    }
    return s;
  }

  var pending = null;
  function schedule() {
    if (pending === null) { pending = setTimeout(function () { pending = null; redraw(); }, 200); }
  }

  function redraw() {
    var bands = state.bands.map(function (b) {
      return [{xAxis: b.from, name: 'measured'}, {xAxis: b.to}];
    });
    if (state.openBand) { bands.push([{xAxis: state.openBand.from, name: 'measured'}, {xAxis: state.openBand.to}]); }
    [['chart-rate', 'rate'], ['chart-p99', 'p99'], ['chart-connections', 'connections']].forEach(function (pair) {
      var points = 0;
      var series = state.seriesOrder.map(function (name) {
        var data = state.series[name][pair[1]];
        points += data.filter(function (p) { return p[1] !== '-'; }).length;
        return {name: name, type: 'line', showSymbol: data.length < 60, symbolSize: 4, data: data};
      });
      series.push({name: 'steady (measured) window', type: 'line', data: [], silent: true,
                   itemStyle: {color: 'rgba(80, 140, 220, 0.35)'},
                   markArea: {silent: true, label: {show: false}, itemStyle: {color: 'rgba(80, 140, 220, 0.08)'}, data: bands}});
      charts[pair[0]].setOption({series: series}, {replaceMerge: ['series']});
      var el = $(pair[0]);
      el.setAttribute('data-points', String(points));
      if (points > 0) { el.setAttribute('data-rendered', 'true'); }
    });
    renderRuns();
  }

  function renderRuns() {
    var body = $('runs-table').tBodies[0];
    while (body.firstChild) { body.removeChild(body.firstChild); }
    state.runOrder.forEach(function (id) {
      var r = state.runs[id];
      var tr = document.createElement('tr');
      var status = r.end ? (r.end.valid ? 'valid' : 'INVALID') : 'running';
      [String(r.index + 1) + '/' + r.total, id, r.series, status,
       r.end && r.end.messagesPerSec !== null ? fmtInt(r.end.messagesPerSec) : '-',
       r.end ? fmtUs(r.end.p99Us) : '-',
       r.end ? r.end.invalidReasons.join('; ') : ''].forEach(function (v, i) {
        var td = document.createElement('td');
        td.textContent = v;
        if (i === 4 || i === 5) { td.className = 'num'; }
        if (i === 3 && r.end) { td.className = r.end.valid ? 'good' : 'bad'; }
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
  }

  function log(line) {
    var el = $('log');
    var div = document.createElement('div');
    div.textContent = line;
    el.appendChild(div);
    while (el.childNodes.length > 300) { el.removeChild(el.firstChild); }
    el.scrollTop = el.scrollHeight;
  }

  function phaseText(run, e) {
    var name = PHASES[e.phase] || e.phase || '-';
    var ramp = run.rampSec, warm = run.warmupSec, steady = run.durationSec;
    if (e.phase === 'ramp' && ramp > 0) { return name + ' ' + Math.round(e.t) + ' of ' + ramp + ' s'; }
    if (e.phase === 'warmup' && warm > 0) { return name + ' ' + Math.round(e.t - ramp) + ' of ' + warm + ' s'; }
    if (e.phase === 'steady' && steady > 0) {
      return name + ' ' + Math.round(e.t - ramp - warm) + ' of ' + steady + ' s';
    }
    return name + ' at ' + Math.round(e.t) + ' s';
  }

  var handlers = {
    hello: function (e) {
      state.command = e.command;
      text('title', 'pushbench ' + e.command + ': live');
      document.title = 'pushbench ' + e.command + ' (live)';
    },
    plan: function (e) {
      state.plan = e;
      log('plan: ' + e.total + ' run' + (e.total === 1 ? '' : 's') + (e.profile ? ', profile ' + e.profile : '')
          + ', ' + fmtInt(e.connections) + ' connections x ' + e.rate + ' msg/s'
          + (e.resultsDir ? '; results in ' + e.resultsDir : ''));
    },
    calibration: function (e) { text('status-calibration', e.state); },
    run: function (e) {
      closeBand();
      state.run = e;
      state.runs[e.runId] = {index: e.index, total: e.total, series: e.series, end: null};
      state.runOrder.push(e.runId);
      var s = seriesOf(e.series);
      // a gap between this arm's previous run and this one
      ['rate', 'p99', 'connections'].forEach(function (k) {
        var d = s[k];
        if (d.length && d[d.length - 1][1] !== '-') { d.push([d[d.length - 1][0], '-']); }
      });
      text('status-run', (e.index + 1) + ' of ' + e.total + ': ' + e.runId);
      text('status-series', e.transport + ' / ' + e.protocol + ' / ' + e.driver
          + (e.variant !== 'plain' ? ' / ' + e.variant : '') + (e.scenario !== 'steady' ? ' / ' + e.scenario : ''));
      text('status-phase', 'starting (server and load generator JVMs)');
      log('run ' + (e.index + 1) + '/' + e.total + ' ' + e.runId + ' starts: ' + e.series + ', '
          + fmtInt(e.connections) + ' connections, ramp ' + e.rampSec + ' s, warm-up ' + e.warmupSec
          + ' s, steady ' + e.durationSec + ' s');
      schedule();
    },
    interval: function (e) {
      state.intervals++;
      var s = seriesOf(e.series);
      s.rate.push([e.at, e.messagesPerSec]);
      s.p99.push([e.at, e.p99Us === null ? '-' : e.p99Us / 1000]);
      s.connections.push([e.at, e.connections]);
      if (e.phase === 'steady') {
        if (!state.openBand) { state.openBand = {from: e.at - 1, to: e.at}; } else { state.openBand.to = e.at; }
      } else {
        closeBand();
      }
      var run = state.run && state.run.runId === e.runId ? state.run : null;
      text('status-phase', run ? phaseText(run, e) : (PHASES[e.phase] || e.phase));
      text('status-connections', fmtInt(e.connections));
      text('status-rate', fmtInt(e.messagesPerSec) + ' msg/s');
      text('status-p99', fmtUs(e.p99Us));
      text('status-errors', e.lost + ' / ' + e.errors);
      schedule();
    },
    message: function (e) { log(e.line); },
    runEnd: function (e) {
      closeBand();
      var r = state.runs[e.runId] || (state.runs[e.runId] = {index: state.runOrder.length, total: '?',
                                                              series: e.series, end: null});
      if (state.runOrder.indexOf(e.runId) < 0) { state.runOrder.push(e.runId); }
      r.end = e;
      text('status-phase', 'run over: ' + (e.valid ? 'valid' : 'INVALID'));
      log('run ' + e.runId + ' ' + (e.valid ? 'valid' : 'INVALID: ' + e.invalidReasons.join('; ')));
      schedule();
    },
    summary: function (e) {
      (e.problems || []).forEach(function (p) { log('problem: ' + p); });
    },
    reports: function (e) { e.files.forEach(function (f) { log('report: ' + f); }); },
    end: function (e) {
      state.ended = true;
      closeBand();
      var o = $('outcome');
      o.textContent = 'Finished: ' + e.text + '.';
      o.className = e.valid ? 'good' : 'bad';
      text('connection', 'closed (pushbench has finished; this page keeps what it showed)');
      source.close();
      schedule();
    }
  };

  function closeBand() {
    if (state.openBand) { state.bands.push(state.openBand); state.openBand = null; }
  }

  var source = new EventSource('events');
  source.onopen = function () { if (!state.ended) { text('connection', 'live'); } };
  source.onerror = function () {
    if (!state.ended) { text('connection', 'reconnecting (is pushbench still running?)'); }
  };
  Object.keys(handlers).forEach(function (type) {
    source.addEventListener(type, function (m) {
      state.events++;
      state.lastEventId = m.lastEventId;
      try {
        handlers[type](JSON.parse(m.data));
      } catch (x) {
        window.pushbenchErrors.push(type + ': ' + x);
      }
    });
  });
})();
