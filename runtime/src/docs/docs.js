// Starts Swagger UI on this server's own OpenAPI document. It is a file, not an inline script, so that the page's
// Content-Security-Policy (script-src 'self') holds; no validator badge, so the page calls no other site.
window.ui = window.SwaggerUIBundle({
  url: 'openapi.json',
  dom_id: '#docs',
  deepLinking: true,
  validatorUrl: null,
  presets: [window.SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
});
