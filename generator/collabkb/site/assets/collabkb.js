/* CollabKB wiki: three small enhancements; every page works without them.
   1. A Gantt chart wider than its box opens scrolled so that today is in view (on a phone
      the chart would otherwise open months before today); the label column stays put (CSS).
   2. A link to a task (#task-T3) opens the task's collapsed details.
   3. The dashboard's department chips filter its lists in place (without JavaScript they open
      the department's page): rows of [data-ckb-filter] lists whose data-department differs are hidden. */
(function () {
  "use strict";

  function scrollGanttsToToday() {
    document.querySelectorAll(".ckb-gantt-wrap[data-today-x]").forEach(function (box) {
      var labels = box.querySelector(".ckb-gantt__labels");
      var visible = box.clientWidth - (labels ? labels.offsetWidth : 0);
      var today = parseFloat(box.getAttribute("data-today-x"));
      if (box.scrollWidth > box.clientWidth && visible > 0 && !isNaN(today)) {
        box.scrollLeft = Math.max(0, today - visible / 3);
      }
    });
  }

  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target && target.tagName === "DETAILS") {
      target.open = true;
    }
  }

  function filterByDepartment(chosen) {
    document.querySelectorAll("[data-ckb-filter] tr[data-department]").forEach(function (row) {
      row.hidden = chosen !== "" && row.getAttribute("data-department") !== chosen;
    });
    document.querySelectorAll(".ckb-filter a.ckb-chip").forEach(function (chip) {
      chip.setAttribute("aria-pressed", String(chip.getAttribute("data-department") === chosen));
    });
  }

  function enableFilters() {
    document.querySelectorAll(".ckb-filter a.ckb-chip").forEach(function (chip) {
      chip.addEventListener("click", function (event) {
        event.preventDefault();
        filterByDepartment(chip.getAttribute("data-department"));
      });
    });
  }

  function ready() {
    scrollGanttsToToday();
    openTarget();
    enableFilters();
  }

  window.addEventListener("hashchange", openTarget);
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(ready);  /* Material's instant navigation swaps pages without a load */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
