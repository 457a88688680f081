// Searchable faculty multi-selects: every <select multiple data-searchable> becomes a Tom Select
// (static/vendor) when scripts run; without them it stays a plain multi-select that still works.
// Runs on page load and on the session forms htmx swaps into the schedule page.
(() => {
  "use strict";

  function enhance(root) {
    if (!window.TomSelect || !root.querySelectorAll) return;
    for (const select of root.querySelectorAll("select[multiple][data-searchable]")) {
      if (select.tomselect) continue;
      // Tom Select points the <label> at its own search box; the hidden original keeps its
      // name through aria-labelledby (axe: select-name).
      const label = select.labels[0];
      if (label) {
        label.id ||= `${select.id}-label`;
        select.setAttribute("aria-labelledby", label.id);
      }
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
