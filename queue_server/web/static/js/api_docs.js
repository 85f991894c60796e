// @ts-check
// The API viewer (/api/docs): Swagger UI (swagger-ui-dist from npm, loaded by the page before
// this file) drawing the OpenAPI document the server serves. A static file, not an inline
// script: the pages run under a strict CSP.

/** @type {{SwaggerUIBundle: (options: Record<string, unknown>) => unknown}} */
const globals = /** @type {any} */ (window);
const root = document.getElementById("swagger-ui");

globals.SwaggerUIBundle({
  url: root.dataset.spec,
  domNode: root,
  deepLinking: true,
  docExpansion: "none",  // about a hundred routes: the tags first, opened on demand
  defaultModelsExpandDepth: 0,
  tryItOutEnabled: false,
  validatorUrl: null,  // never ask swagger.io to validate: no internet at run time
});
