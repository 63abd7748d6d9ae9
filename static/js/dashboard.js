// Draws the dashboard's charts with Chart.js (served from static/vendor/chartjs). Each chart's
// data is in a JSON <script> element (Django's json_script) named by its canvas's data-chart
// attribute, so the page needs no inline script, which the Content-Security-Policy refuses.
(function () {
  "use strict";
  if (typeof Chart === "undefined") return;
  const palette = ["#0b5394", "#e69138", "#6aa84f", "#cc0000", "#674ea7", "#45818e", "#bf9000", "#a64d79", "#3d85c6"];

  function datasets(config) {
    const single = config.datasets.length === 1 && (config.type === "doughnut" || config.type === "pie");
    return config.datasets.map(function (dataset, index) {
      const colour = palette[index % palette.length];
      return {
        label: dataset.label,
        data: dataset.data,
        backgroundColor: single ? config.labels.map(function (_, i) { return palette[i % palette.length]; }) : colour,
        borderColor: single ? "#fff" : colour,
        tension: 0,
        fill: false,
      };
    });
  }

  function options(config) {
    const round = config.type === "doughnut" || config.type === "pie";
    const result = {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: round || config.datasets.length > 1, position: round ? "bottom" : "top" } },
    };
    if (!round) {
      const counts = { beginAtZero: true, ticks: { precision: 0 }, stacked: Boolean(config.stacked) };
      const categories = { stacked: Boolean(config.stacked) };
      result.indexAxis = config.horizontal ? "y" : "x";
      result.scales = config.horizontal ? { x: counts, y: categories } : { x: categories, y: counts };
    }
    return result;
  }

  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    const source = document.getElementById(canvas.dataset.chart);
    if (!source) return;
    const config = JSON.parse(source.textContent);
    new Chart(canvas, {
      type: config.type,
      data: { labels: config.labels, datasets: datasets(config) },
      options: options(config),
    });
  });
})();
