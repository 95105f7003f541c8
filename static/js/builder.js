/* Builder pages (pipeline and Form stage): drag to reorder, and show only the settings that fit the
   chosen question type. Everything here is an enhancement; the pages work without it. */
(function () {
  "use strict";

  function initSortable(root) {
    if (typeof Sortable === "undefined") return;
    root.querySelectorAll("[data-sortable]").forEach(function (list) {
      if (list.dataset.sortableReady) return;
      list.dataset.sortableReady = "1";
      Sortable.create(list, {
        handle: ".handle",
        animation: 150,
        onEnd: function (event) {
          if (event.oldIndex === event.newIndex) return;
          var ids = Array.prototype.map.call(list.children, function (item) { return item.dataset.id; });
          // `source` makes htmx send the CSRF header declared on <body hx-headers>.
          htmx.ajax("POST", list.dataset.reorderUrl, {
            source: list,
            target: list.dataset.target,
            swap: "outerHTML",
            values: { order: ids.join(",") },
          });
        },
      });
    });
  }

  function syncTypeFieldsets(form) {
    var select = form.querySelector("select[name=type]");
    if (!select) return;
    form.querySelectorAll("[data-for-types]").forEach(function (fieldset) {
      var fits = fieldset.dataset.forTypes.split(" ").indexOf(select.value) !== -1;
      fieldset.hidden = !fits;
      fieldset.disabled = !fits;
    });
  }

  function initQuestionForms(root) {
    root.querySelectorAll("[data-question-form]").forEach(function (form) {
      syncTypeFieldsets(form);
      if (form.dataset.typeReady) return;
      form.dataset.typeReady = "1";
      form.addEventListener("change", function (event) {
        if (event.target.name === "type") syncTypeFieldsets(form);
      });
    });
  }

  function init(root) {
    initSortable(root);
    initQuestionForms(root);
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  // After every HTMX swap the list is new: wire it again.
  document.addEventListener("htmx:load", function (event) { init(event.target); });
})();
