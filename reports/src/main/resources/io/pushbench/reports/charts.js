// Draws every chart described in #pushbench-data with ECharts' SVG renderer (see ChartSpec.java for the format).
// window.pushbenchCharts.draw(dataId, options) draws another section's charts the same way (llm/llm-charts.js).
window.pushbenchCharts = (function () {
  var percentileLabels = {1: 'p0', 10: 'p90', 100: 'p99', 1000: 'p99.9', 10000: 'p99.99', 100000: 'max'};
  function fmtPercentileX(v) {
    var r = Math.round(v);
    if (percentileLabels[r]) { return percentileLabels[r]; }
    return 'p' + (100 * (1 - 1 / v)).toPrecision(4);
  }
  function axis(type, name, log) {
    var a = {name: name, nameLocation: 'middle', nameGap: 30, type: type};
    if (log) { a.type = 'log'; a.logBase = 10; }
    return a;
  }
  // options: digits (decimals of a spectrum's tooltip value), unit(spec) (its unit), symbols(spec) (whether a line
  // chart shows its points).
  function draw(dataId, options) {
    var data = JSON.parse(document.getElementById(dataId).textContent);
    data.charts.forEach(function (spec) {
      var el = document.getElementById('chart-' + spec.id);
      if (!el) { window.pushbenchErrors.push('no element for chart ' + spec.id); return; }
      var chart = echarts.init(el, null, {renderer: 'svg'});
      var option = {
        animation: false,
        title: {text: spec.title, textStyle: {fontSize: 13}},
        tooltip: {trigger: spec.kind === 'bar' ? 'axis' : 'item'},
        legend: {top: 22, type: 'scroll'},
        grid: {left: 70, right: 24, top: 60, bottom: 50},
        yAxis: axis('value', spec.yLabel, spec.yLog)
      };
      option.yAxis.nameGap = 55;
      if (spec.kind === 'bar') {
        option.xAxis = {type: 'category', data: spec.categories, name: spec.xLabel, nameLocation: 'middle', nameGap: 30};
        option.series = spec.series.map(function (s) {
          var values = spec.categories.map(function () { return null; });
          s.points.forEach(function (p) { values[p[0]] = p[1]; });
          return {name: s.name, type: 'bar', data: values};
        });
      } else {
        option.xAxis = axis('value', spec.xLabel, spec.xAxis !== 'linear');
        if (spec.xAxis === 'percentile') {
          option.xAxis.min = 1;
          option.xAxis.max = 100000;
          option.xAxis.axisLabel = {formatter: fmtPercentileX};
          var unit = options.unit(spec);
          option.tooltip.formatter = function (p) {
            return p.seriesName + '<br>' + fmtPercentileX(p.value[0]) + ': ' + p.value[1].toFixed(options.digits)
              + ' ' + unit;
          };
        }
        option.series = spec.series.map(function (s) {
          return {name: s.name, type: 'line', showSymbol: options.symbols(spec), symbolSize: 3, data: s.points};
        });
        if (spec.steadyFrom != null && option.series.length > 0) {
          option.series[0].markArea = {silent: true, itemStyle: {color: 'rgba(110, 130, 160, 0.12)'},
            label: {show: true, position: 'insideTop', color: '#5a6675', formatter: 'steady window'},
            data: [[{xAxis: spec.steadyFrom}, {xAxis: spec.steadyTo}]]};
        }
      }
      chart.setOption(option);
      el.setAttribute('data-rendered', 'true');
      window.addEventListener('resize', function () { chart.resize(); });
    });
  }
  return {draw: draw};
})();
if (document.getElementById('pushbench-data')) {   // absent from the report of an LLM-only directory
  window.pushbenchCharts.draw('pushbench-data', {
    digits: 1,
    unit: function () { return 'µs'; },
    symbols: function (spec) { return spec.xAxis === 'percentile'; }
  });
}
