// Draws the LLM section's charts described in #pushbench-llm-data with charts.js' drawing (see ChartSpec.java for
// the format): percentile spectra (x = 1/(1-p), log) and figures against offered load (lines), bars by category.
// Runs once the page has loaded: ECharts and charts.js are inlined at the end of the page, after this section.
window.addEventListener('DOMContentLoaded', function () {
  window.pushbenchCharts.draw('pushbench-llm-data', {
    digits: 2,
    unit: function (spec) { return (/\(([^)]+)\)$/.exec(spec.yLabel) || [null, ''])[1]; },   // "ttft (ms)" -> "ms"
    symbols: function () { return true; }
  });
});
