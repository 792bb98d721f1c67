// Keep what was typed in a field marked data-draft (a new idea's title and details, a comment) until it is posted,
// and put it back where it would otherwise be lost:
// - Back or Forward to the page: the browser restores other fields itself, but not one with autocomplete="off" (the
//   idea title: the browser's own suggestions would cover the similar ideas box under it), and signed-in pages are
//   sent with Cache-Control: no-store, so Back loads the form afresh;
// - a send that did not land: signed out meanwhile (in another tab, or the session ended), the person is sent to
//   sign in and then back to the form, which comes back empty from the server.
// - a reload, or coming back to the form by a link in the same tab: the draft comes back with a notice offering
//   to discard it (#draft-notice), since the person may have left it on purpose.
// A draft goes once it is posted: on the next page of another address, or when htmx's answer to it is not a
// redirect (to sign in). The sign-in pages (data-keeps-drafts) keep them on the way; signing out forgets them all,
// so the next person at this browser tab does not find them.
(function () {
  var SENT = ":sent";

  function navigationType() {
    var entries = window.performance && performance.getEntriesByType ? performance.getEntriesByType("navigation") : [];
    return entries.length > 0 ? entries[0].type : "navigate";
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

  function forgetAll(store) {
    for (var index = store.length - 1; index >= 0; index -= 1) {
      var key = store.key(index);
      if (key && key.indexOf("draft:") === 0) { store.removeItem(key); }
    }
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
      if (event.target.hasAttribute("data-forgets-drafts")) { forgetAll(store); return; }
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

  // returns whether the field got its draft back
  function restore(store, field) {
    var key = keyOf(field), saved = store.getItem(key);
    // what the person typed wins over the form's own value only while the form still shows that value
    if (saved === null || field.value !== field.defaultValue || saved === field.value) { return false; }
    field.value = saved;
    field.dispatchEvent(new Event("input", { bubbles: true }));  // look up similar ideas for it again
    return true;
  }

  // Back and Forward, a reload, and a send that did not land show the form as it was left; a form opened by a link
  // says its draft is back and offers to discard it (the form's own values return, empty for a new idea).
  function offerToDiscard(store, form) {
    var template = document.getElementById("draft-notice");
    if (!template || !form || form.querySelector(".draft-notice")) { return; }
    var notice = template.content.firstElementChild.cloneNode(true);
    notice.querySelector("button").addEventListener("click", function () {
      form.querySelectorAll("[data-draft][id]").forEach(function (field) {
        forget(store, keyOf(field));
        field.value = field.defaultValue;
        field.dispatchEvent(new Event("input", { bubbles: true }));
        forget(store, keyOf(field));  // the input event above saved it again
      });
      notice.remove();
      var first = form.querySelector("[data-draft][id]");
      if (first) { first.focus(); }
    });
    form.insertBefore(notice, form.firstChild);
  }

  function restoreAll(store) {
    var linked = navigationType() === "navigate";
    document.querySelectorAll("[data-draft][id]").forEach(function (field) {
      var wasSent = store.getItem(keyOf(field) + SENT) !== null;
      if (restore(store, field) && linked && !wasSent) { offerToDiscard(store, field.form); }
    });
  }

  var store = storage();
  if (!store) { return; }
  forgetPosted(store);
  keepDrafts(store);
  window.addEventListener("pageshow", function () { restoreAll(store); });
})();
