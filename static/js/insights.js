// The insights dashboard: draws the charts from the figures the page carries (#insights-data) with the
// vendored Chart.js. Every chart has a table beside it, so the page still says everything without script.
(function () {
  "use strict";

  function colour(name) {
    return getComputedStyle(document.documentElement).getPropertyValue("--chart-" + name).trim();
  }

  // one dataset a series, styled by style(series) on top of its label, numbers and colour
  function draw(id, type, data, options, style) {
    const canvas = document.getElementById(id);
    if (!canvas) return;
    const datasets = data.series.map((series) => Object.assign(
      { label: series.label, data: series.values, backgroundColor: colour(series.key) }, style(series)));
    new Chart(canvas, { type: type, data: { labels: data.labels, datasets: datasets }, options: options });
  }

  function baseOptions() {
    return {
      maintainAspectRatio: false,
      interaction: { mode: "index", intersect: false },
      plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
    };
  }

  function topRequests(data) {
    const options = baseOptions();
    options.indexAxis = "y";
    options.scales = {
      x: { beginAtZero: true, grid: { color: colour("grid") }, ticks: { precision: 0 } },
      y: { grid: { display: false }, ticks: { callback: function (value) {
        // long titles are cut to what a third of the chart's width holds; the table below has them whole
        const label = this.getLabelForValue(value);
        const room = Math.max(12, Math.floor(this.chart.width / 3 / 6.5));
        return label.length > room ? label.slice(0, room - 1) + "…" : label;
      } } },
    };
    // a bar opens its theme or idea
    options.onClick = function (_event, elements) {
      if (elements.length) window.location.href = data.links[elements[0].index];
    };
    options.onHover = function (event, elements) {
      event.native.target.style.cursor = elements.length ? "pointer" : "default";
    };
    draw("chart-top", "bar", data, options, () => ({ borderRadius: 4, barPercentage: 0.9, categoryPercentage: 0.8 }));
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
    options.indexAxis = "y";
    options.scales = {
      x: { stacked: true, beginAtZero: true, grid: { color: colour("grid") }, ticks: { precision: 0 } },
      y: { stacked: true, grid: { display: false } },
    };
    draw("chart-boards", "bar", data, options, () => ({ barPercentage: 0.7 }));
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
