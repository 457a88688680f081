// Searchable faculty multi-selects: every <select multiple data-searchable> becomes a Tom Select
// (static/vendor) when scripts run; without them it stays a plain multi-select that still works.
// Runs on page load and on the session forms htmx swaps into the schedule page.
(() => {
  "use strict";

  function enhance(root) {
    if (!window.TomSelect || !root.querySelectorAll) return;
    for (const select of root.querySelectorAll("select[multiple][data-searchable]")) {
      if (select.tomselect) continue;
      new TomSelect(select, {
        plugins: { remove_button: { title: "Remove" } },
        maxOptions: null,
        placeholder: "Type to search by name or organization…",
        closeAfterSelect: true,
      });
    }
  }

  document.addEventListener("DOMContentLoaded", () => enhance(document));
  document.addEventListener("htmx:load", (event) => enhance(event.target));
})();
