// Keep what was typed in a field marked data-draft, and put it back when the person comes back to the page with
// Back or Forward. The browser does this itself for other fields, but not for one with autocomplete="off" (the idea
// title: the browser's own suggestions would cover the similar ideas box under it). Signed-in pages are sent with
// Cache-Control: no-store, so Back loads the form afresh rather than from the back/forward cache.
(function () {
  function cameBack() {
    var entries = window.performance && performance.getEntriesByType ? performance.getEntriesByType("navigation") : [];
    return entries.length > 0 && entries[0].type === "back_forward";
  }

  function storage() {
    try { return window.sessionStorage; } catch (error) { return null; }  // storage blocked: keep nothing
  }

  function keep(field) {
    var store = storage();
    if (!store || !field.id) { return; }
    var key = "draft:" + location.pathname + "#" + field.id;
    field.addEventListener("input", function () {
      try { store.setItem(key, field.value); } catch (error) { /* storage full: the field still works */ }
    });
    if (field.form) {  // sent: it is posted, or comes back from the server with its reasons
      field.form.addEventListener("submit", function () { store.removeItem(key); });
    }
    window.addEventListener("pageshow", function () {
      var saved = store.getItem(key);
      // untouched since the page loaded: what the person typed before leaving wins over the form's own value
      if (!cameBack() || saved === null || field.value !== field.defaultValue || saved === field.value) { return; }
      field.value = saved;
      field.dispatchEvent(new Event("input", { bubbles: true }));  // look up similar ideas for it again
    });
  }

  document.querySelectorAll("[data-draft]").forEach(keep);
})();
