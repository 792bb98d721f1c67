// The insights dashboard: draws the charts from the figures the page carries (#insights-data) with the
// vendored Chart.js. Every chart has a table beside it, so the page still says everything without script.
(function () {
  "use strict";

  // on a phone a bar chart's labels go above their bars, across the chart's whole width, rather than beside
  // them in a third of it (the media query of insights.css, which gives each bar more height there)
  const phone = window.matchMedia("(max-width: 640px)");

  function colour(name) {
    return getComputedStyle(document.documentElement).getPropertyValue("--chart-" + name).trim();
  }

  // one dataset a series, styled by style(series) on top of its label, numbers and colour
  function draw(id, type, data, options, style, plugins) {
    const canvas = document.getElementById(id);
    if (!canvas) return;
    const datasets = data.series.map((series) => Object.assign(
      { label: series.label, data: series.values, backgroundColor: colour(series.key) }, style(series)));
    new Chart(canvas, { type: type, data: { labels: data.labels, datasets: datasets }, options: options,
                        plugins: plugins || [] });
  }

  function baseOptions() {
    return {
      maintainAspectRatio: false,
      interaction: { mode: "index", intersect: false },
      plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
    };
  }

  // a label cut with "…" to what `room` pixels hold in the chart's font; the tooltip and the table have it whole
  function fitted(chart, label, room) {
    const ctx = chart.ctx;
    ctx.save();
    ctx.font = Chart.helpers.toFont(Chart.defaults.font).string;
    let text = label;
    while (text.length > 1 && ctx.measureText(text === label ? text : text + "…").width > room) {
      text = text.slice(0, -1).trimEnd();
    }
    ctx.restore();
    return text === label ? text : text + "…";
  }

  // a horizontal bar chart's category labels: beside the bars in a third of the width, or on a phone
  // the whole width, drawn above the bars by labelsAboveBars
  function barLabel(value) {
    const room = phone.matches ? this.chart.width - 8 : this.chart.width / 3;
    return fitted(this.chart, this.getLabelForValue(value), room);
  }

  const labelsAboveBars = {
    id: "labelsAboveBars",
    afterDatasetsDraw(chart) {
      if (!phone.matches) return;
      const ctx = chart.ctx;
      ctx.save();
      ctx.font = Chart.helpers.toFont(Chart.defaults.font).string;
      ctx.fillStyle = getComputedStyle(document.body).color;
      ctx.textBaseline = "bottom";
      chart.scales.y.ticks.forEach((tick, index) => {
        const tops = chart.data.datasets.map((_dataset, number) => chart.getDatasetMeta(number))
          .filter((meta) => !meta.hidden && meta.data[index])
          .map((meta) => meta.data[index].y - meta.data[index].height / 2);
        if (tops.length) ctx.fillText(tick.label, chart.chartArea.left, Math.min(...tops) - 3);
      });
      ctx.restore();
    },
  };

  // thinner bars, room at the top and no labels beside them on a phone; again when the screen turns
  function fitBars(options, datasets) {
    options.scales.y.ticks.display = !phone.matches;
    options.layout = { padding: { top: phone.matches ? 8 : 0 } };
    datasets.forEach((dataset) => { dataset.categoryPercentage = phone.matches ? 0.6 : 0.8; });
  }

  function barChart(id, data, options, style) {
    options.indexAxis = "y";
    options.scales.y = Object.assign({ grid: { display: false }, ticks: { callback: barLabel } }, options.scales.y);
    options.onResize = (chart) => fitBars(chart.options, chart.data.datasets);
    const styled = (series) => {
      const dataset = style(series);
      fitBars(options, [dataset]);
      return dataset;
    };
    draw(id, "bar", data, options, styled, [labelsAboveBars]);
  }

  function topRequests(data) {
    const options = baseOptions();
    options.scales = { x: { beginAtZero: true, grid: { color: colour("grid") }, ticks: { precision: 0 } } };
    // a bar opens its theme or idea
    options.onClick = function (_event, elements) {
      if (elements.length) window.location.href = data.links[elements[0].index];
    };
    options.onHover = function (event, elements) {
      event.native.target.style.cursor = elements.length ? "pointer" : "default";
    };
    barChart("chart-top", data, options, () => ({ borderRadius: 4, barPercentage: 0.9 }));
  }

  function activity(data) {
    const options = baseOptions();
    options.scales = {
      x: { grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 12 } },
      y: { beginAtZero: true, grid: { color: colour("grid") }, ticks: { precision: 0 } },
    };
    draw("chart-activity", "line", data, options, (series) => ({
      borderColor: colour(series.key), borderWidth: 2, tension: 0.25, pointRadius: data.labels.length > 40 ? 0 : 2,
    }));
  }

  function boards(data) {
    const options = baseOptions();
    options.scales = {
      x: { stacked: true, beginAtZero: true, grid: { color: colour("grid") }, ticks: { precision: 0 } },
      y: { stacked: true },
    };
    barChart("chart-boards", data, options, () => ({ barPercentage: 0.7 }));
  }

  function autosubmit() {
    document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
      select.addEventListener("change", () => select.form.requestSubmit());
    });
  }

  function start() {
    autosubmit();
    const source = document.getElementById("insights-data");
    if (!source || typeof Chart === "undefined") return;
    const data = JSON.parse(source.textContent);
    const css = getComputedStyle(document.body);
    Chart.defaults.font.family = css.fontFamily;
    Chart.defaults.color = getComputedStyle(document.documentElement).getPropertyValue("--muted").trim();
    if (window.matchMedia("(prefers-reduced-motion: reduce)").matches) Chart.defaults.animation = false;
    topRequests(data.top);
    activity(data.activity);
    boards(data.boards);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
