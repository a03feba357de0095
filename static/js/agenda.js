/* The agenda builder, enhanced: htmx (loaded before this file) swaps the
   agenda in place, and SortableJS lets organisers drag sessions into a new
   order within a day. Without JavaScript the same page works with plain
   forms and the up/down buttons. */
(function () {
  "use strict";

  function postOrder(list) {
    var agenda = document.getElementById("agenda");
    var ids = Array.prototype.map.call(list.querySelectorAll(".agenda-row"), function (row) {
      return row.dataset.id;
    });
    htmx.ajax("POST", agenda.dataset.reorderUrl, {
      source: list,
      target: "#agenda",
      swap: "outerHTML show:none",
      values: { day: list.dataset.day, order: ids.join(",") },
      headers: { "X-CSRFToken": agenda.dataset.csrf },
    });
  }

  function enhance(root) {
    var scope = root.querySelectorAll ? root : document;
    var agenda = document.getElementById("agenda");
    if (agenda) agenda.classList.add("agenda-js");
    scope.querySelectorAll("[data-sortable]").forEach(function (list) {
      if (list.dataset.sortableReady) return;
      list.dataset.sortableReady = "1";
      Sortable.create(list, {
        handle: ".drag-handle",
        draggable: ".agenda-row",
        animation: 150,
        ghostClass: "agenda-ghost",
        onEnd: function (event) {
          if (event.oldIndex !== event.newIndex) postOrder(list);
        },
      });
    });
  }

  htmx.onLoad(enhance);
})();
