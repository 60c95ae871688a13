// The dashboard's small script layer: charts from JSON data blocks, and live
// alerts over Server-Sent Events. No inline scripts (the pages' CSP forbids
// them); everything works without this file except the charts and live updates.
(function () {
  "use strict";

  var COLOURS = { minor: "#5b7fa6", major: "#c99700", critical: "#b3261e", zero_tolerance: "#5c0011", critical_count: "#b3261e" };

  function readData(id) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  function drawBar(canvasId, dataId, opts) {
    var canvas = document.getElementById(canvasId);
    var data = readData(dataId);
    if (!canvas || !data || typeof window.Chart === "undefined") { return; }
    var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (s) {
          return { label: s.label, data: s.data, backgroundColor: COLOURS[s.key] || "#0b4f8a", borderWidth: 0 };
        })
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: reduce ? false : undefined,
        indexAxis: opts.horizontal ? "y" : "x",
        scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0, color: "#1b1f24" } },
                  y: { stacked: true, beginAtZero: true, ticks: { precision: 0, color: "#1b1f24" } } },
        plugins: { legend: { display: data.series.length > 1, labels: { color: "#1b1f24" } } }
      }
    });
  }

  function liveAlerts() {
    var status = document.getElementById("live-status");
    var list = document.getElementById("alert-list");
    if (!status || !list || typeof window.EventSource === "undefined") { return; }
    var source = new window.EventSource(status.getAttribute("data-stream"));
    source.addEventListener("open", function () { status.textContent = status.getAttribute("data-on"); });
    source.addEventListener("alert", function (event) {
      list.insertAdjacentHTML("afterbegin", event.data);
      var item = list.firstElementChild;
      if (item) { item.classList.add("fresh"); }
      var none = document.getElementById("no-alerts");
      if (none) { none.hidden = true; }
      var link = item ? item.querySelector("a") : null;
      status.textContent = status.getAttribute("data-new").replace("{supplier}", link ? link.textContent : "");
    });
    source.addEventListener("ended", function () {
      source.close();
      status.textContent = status.getAttribute("data-off");
    });
  }

  function focusSwapped(event) {
    // After a match decision replaces its card, move focus to the outcome so
    // keyboard and screen-reader users are not left on a removed button.
    var msg = document.querySelector("article.review.done [role=status]:not([data-focused])");
    if (msg) { msg.setAttribute("data-focused", "1"); msg.focus(); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawBar("chart-critical", "chart-critical-data", { horizontal: true });
    drawBar("chart-area", "chart-area-data", { horizontal: true });
    drawBar("chart-months", "chart-months-data", { horizontal: false });
    liveAlerts();
  });
  document.addEventListener("htmx:afterSwap", focusSwapped);
})();
