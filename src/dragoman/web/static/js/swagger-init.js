// Swagger UI for /docs, served from this app (no CDN).
window.addEventListener('load', function () {
  'use strict';
  var el = document.getElementById('swagger-ui');
  if (typeof window.SwaggerUIBundle === 'undefined') {
    el.textContent = 'Swagger UI is not installed (run frontend/build.sh); the schema is at /openapi.json.';
    return;
  }
  window.ui = window.SwaggerUIBundle({
    url: el.getAttribute('data-spec'), dom_id: '#swagger-ui', deepLinking: true,
    presets: [window.SwaggerUIBundle.presets.apis], layout: 'BaseLayout'
  });
});
