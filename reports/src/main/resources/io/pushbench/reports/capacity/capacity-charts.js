// Draws the capacity section's charts described in #pushbench-capacity-data with charts.js' drawing (see
// ChartSpec.java for the format): latency against offered load, one chart per transport, the steps' points shown.
// The knee, the capacity and an instrument-limited step are vertical lines (the spec's markers), added to the drawn
// chart here, since charts.js draws no markers. Runs once the page has loaded: ECharts and charts.js come after.
window.addEventListener('DOMContentLoaded', function () {
  window.pushbenchCharts.draw('pushbench-capacity-data', {
    digits: 2,
    unit: function () { return 'ms'; },
    symbols: function () { return true; }
  });
  var data = JSON.parse(document.getElementById('pushbench-capacity-data').textContent);
  data.charts.forEach(function (spec) {
    var el = document.getElementById('chart-' + spec.id);
    var chart = el && echarts.getInstanceByDom(el);
    if (!chart || !spec.markers || spec.series.length === 0) { return; }
    chart.setOption({series: [{
      markLine: {silent: true, symbol: 'none', lineStyle: {color: '#b3261e', type: 'dashed', width: 1.4},
        label: {formatter: '{b}', position: 'insideEndTop', color: '#b3261e'},
        data: spec.markers.map(function (m) { return {name: m.label, xAxis: m.x}; })}
    }]});
  });
});
