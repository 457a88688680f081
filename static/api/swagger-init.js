// Starts Swagger UI on the API docs page. A static file, because the CSP allows no inline script.
"use strict";
(function () {
  const root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.schemaUrl,
    domNode: root,
    // Deep links would put a link inside each operation's toggle button (nested controls that
    // screen readers cannot reach); the toggles alone are keyboard- and screen-reader-friendly.
    deepLinking: false,
    // Highlighted examples colour their text below AA contrast: plain text reads better.
    syntaxHighlight: { activated: false },
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    // "Try it out" as the signed-in user sends the session's CSRF token with its writes.
    requestInterceptor: function (request) {
      request.headers["X-CSRFToken"] = root.dataset.csrfToken;
      return request;
    },
  });

  // What Swagger UI renders as an operation opens, made reachable for keyboards and screen
  // readers: the request body's text box gets a name, scrolling examples get keyboard focus.
  function label(node) {
    node.querySelectorAll("textarea.body-param__text:not([aria-label])").forEach(function (box) {
      box.setAttribute("aria-label", "Request body (JSON)");
    });
    node.querySelectorAll(".highlight-code pre:not([tabindex])").forEach(function (example) {
      example.setAttribute("tabindex", "0");
    });
  }
  new MutationObserver(function () {
    label(root);
  }).observe(root, { childList: true, subtree: true });
})();
