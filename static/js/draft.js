// Keep what was typed in a field marked data-draft (a new idea's title and details, a comment) until it is posted,
// and put it back where it would otherwise be lost:
// - Back or Forward to the page: the browser restores other fields itself, but not one with autocomplete="off" (the
//   idea title: the browser's own suggestions would cover the similar ideas box under it), and signed-in pages are
//   sent with Cache-Control: no-store, so Back loads the form afresh;
// - a send that did not land: signed out meanwhile (in another tab, or the session ended), the person is sent to
//   sign in and then back to the form, which comes back empty from the server.
// A draft goes once it is posted: on the next page of another address, or when htmx's answer to it is not a
// redirect (to sign in). The sign-in pages (data-keeps-drafts) keep them on the way.
(function () {
  var SENT = ":sent";

  function cameBack() {
    var entries = window.performance && performance.getEntriesByType ? performance.getEntriesByType("navigation") : [];
    return entries.length > 0 && entries[0].type === "back_forward";
  }

  function storage() {
    try { return window.sessionStorage; } catch (error) { return null; }  // storage blocked: keep nothing
  }

  function keyOf(field) {
    return "draft:" + location.pathname + "#" + field.id;
  }

  function forget(store, key) {
    store.removeItem(key);
    store.removeItem(key + SENT);
  }

  // drafts sent from another address were posted (this page is where the post led), unless this is a sign-in page
  function forgetPosted(store) {
    if (document.body.hasAttribute("data-keeps-drafts")) { return; }
    var here = "draft:" + location.pathname + "#";
    for (var index = store.length - 1; index >= 0; index -= 1) {
      var key = store.key(index);
      if (key && key.slice(-SENT.length) === SENT && key.indexOf(here) !== 0) {
        forget(store, key.slice(0, -SENT.length));
      }
    }
  }

  // listening on the document: htmx replaces the comment form, box and all, after each post
  function keepDrafts(store) {
    document.addEventListener("input", function (event) {
      if (!event.target.matches || !event.target.matches("[data-draft][id]")) { return; }
      try { store.setItem(keyOf(event.target), event.target.value); } catch (error) { /* full: the field works */ }
    });
    document.addEventListener("submit", function (event) {
      event.target.querySelectorAll("[data-draft][id]").forEach(function (field) {
        try { store.setItem(keyOf(field), field.value); store.setItem(keyOf(field) + SENT, "1"); } catch (error) { /* as above */ }
      });
    });
    // only the form's own send: the similar ideas looked up as the title is typed are requests of the form too
    document.addEventListener("htmx:afterRequest", function (event) {
      var form = event.detail.elt, sent = event.detail.requestConfig && event.detail.requestConfig.verb === "post";
      if (form.tagName !== "FORM" || !sent || !event.detail.successful
          || event.detail.xhr.getResponseHeader("HX-Redirect")) { return; }
      form.querySelectorAll("[data-draft][id]").forEach(function (field) { forget(store, keyOf(field)); });
    });
  }

  function restore(store, field) {
    var key = keyOf(field), saved = store.getItem(key);
    // what the person typed wins over the form's own value only while the form still shows that value
    if (saved === null || field.value !== field.defaultValue || saved === field.value) { return; }
    if (!cameBack() && store.getItem(key + SENT) === null) { return; }
    field.value = saved;
    field.dispatchEvent(new Event("input", { bubbles: true }));  // look up similar ideas for it again
  }

  var store = storage();
  if (!store) { return; }
  forgetPosted(store);
  keepDrafts(store);
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("[data-draft][id]").forEach(function (field) { restore(store, field); });
  });
})();
