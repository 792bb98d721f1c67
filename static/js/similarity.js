// Similar ideas while typing: send only the start of a long description, so the lookup URL stays
// short (the matcher reads no more than the first few hundred characters anyway).
(function () {
  var BODY_CHARS = 600;
  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.elt.id !== "similar-box") { return; }
    var body = event.detail.parameters.get ? event.detail.parameters.get("body") : event.detail.parameters.body;
    if (typeof body === "string" && body.length > BODY_CHARS) {
      if (event.detail.parameters.set) { event.detail.parameters.set("body", body.slice(0, BODY_CHARS)); }
      else { event.detail.parameters.body = body.slice(0, BODY_CHARS); }
    }
  });
})();
