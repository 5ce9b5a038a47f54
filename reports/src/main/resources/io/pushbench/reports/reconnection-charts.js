// Draws the Reconnection section's charts described in #pushbench-reconnection-data with ECharts' SVG renderer (see
// ChartSpec.java for the format): line charts with a second y axis (series marked y2) and the faults as vertical
// lines (markers), bar charts on a log y axis. Included only in reports that have the section, so that charts.js,
// and with it every steady-load report, stays as it was.
(function () {
  var data = JSON.parse(document.getElementById('pushbench-reconnection-data').textContent);
  function axis(name, log) {
    var a = {name: name, nameLocation: 'middle', nameGap: 55, type: 'value'};
    if (log) { a.type = 'log'; a.logBase = 10; }
    return a;
  }
  data.charts.forEach(function (spec) {
    var el = document.getElementById('chart-' + spec.id);
    if (!el) { window.pushbenchErrors.push('no element for chart ' + spec.id); return; }
    var chart = echarts.init(el, null, {renderer: 'svg'});
    var second = spec.y2Label != null && spec.series.some(function (s) { return s.y2; });
    var option = {
      animation: false,
      title: {text: spec.title, textStyle: {fontSize: 13}},
      tooltip: {trigger: 'axis'},
      legend: {top: 22, type: 'scroll'},
      grid: {left: 70, right: second ? 70 : 24, top: 60, bottom: 50},
      yAxis: second ? [axis(spec.yLabel, spec.yLog), axis(spec.y2Label, false)] : axis(spec.yLabel, spec.yLog)
    };
    if (second) {
      // headroom on the second axis, so that its lines do not run on top of the first axis' ones
      option.yAxis[1].max = function (v) { return v.max * 1.25; };
      option.yAxis[1].splitLine = {show: false};
    }
    if (spec.kind === 'bar') {
      option.xAxis = {type: 'category', data: spec.categories, name: spec.xLabel, nameLocation: 'middle', nameGap: 30};
      option.series = spec.series.map(function (s) {
        var values = spec.categories.map(function () { return null; });
        s.points.forEach(function (p) { values[p[0]] = p[1]; });
        return {name: s.name, type: 'bar', data: values};
      });
    } else {
      option.xAxis = {type: 'value', name: spec.xLabel, nameLocation: 'middle', nameGap: 30};
      option.series = spec.series.map(function (s) {
        return {name: s.name, type: 'line', showSymbol: false, data: s.points, yAxisIndex: second && s.y2 ? 1 : 0};
      });
      if (option.series.length > 0 && spec.steadyFrom != null) {
        option.series[0].markArea = {silent: true, itemStyle: {color: 'rgba(110, 130, 160, 0.12)'},
          label: {show: true, position: 'insideTop', color: '#5a6675', formatter: 'steady window'},
          data: [[{xAxis: spec.steadyFrom}, {xAxis: spec.steadyTo}]]};
      }
      if (option.series.length > 0 && spec.markers) {
        option.series[0].markLine = {silent: true, symbol: 'none',
          lineStyle: {color: '#b3261e', type: 'dashed', width: 1.4},
          label: {formatter: '{b}', position: 'insideEndBottom', color: '#b3261e'},
          data: spec.markers.map(function (m) { return {name: m.label, xAxis: m.x}; })};
      }
    }
    chart.setOption(option);
    el.setAttribute('data-rendered', 'true');
    window.addEventListener('resize', function () { chart.resize(); });
  });
})();
