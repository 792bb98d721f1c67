// Tell the server the browser's time zone so dates show in local time for visitors too.
(function () {
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && document.cookie.indexOf("tz=" + zone) === -1) {
      document.cookie = "tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; SameSite=Lax";
    }
  } catch (e) { /* older browsers: dates stay in UTC */ }
})();

// Ask before destructive actions: forms marked data-confirm="Question?" submit only when confirmed.
document.addEventListener("submit", function (event) {
  var form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.getAttribute("data-confirm"))) {
    event.preventDefault();
  }
});

// An open menu made of <details data-closes-outside> (the reaction picker) closes on a click elsewhere or Escape.
document.addEventListener("click", function (event) {
  document.querySelectorAll("details[data-closes-outside][open]").forEach(function (menu) {
    if (!menu.contains(event.target)) { menu.removeAttribute("open"); }
  });
});
document.addEventListener("keydown", function (event) {
  if (event.key !== "Escape") { return; }
  document.querySelectorAll("details[data-closes-outside][open]").forEach(function (menu) {
    menu.removeAttribute("open");
    menu.querySelector("summary").focus();
  });
});

// Phones: the main menu scrolls sideways. CSS opens it at the current section where the browser knows
// scroll-initial-target (Chrome, Edge); elsewhere (Firefox, Safari) it would open at its start, so centre it here.
(function () {
  var menu = document.querySelector(".mainnav"), current = menu && menu.querySelector("a.is-active");
  if (!current || menu.scrollWidth <= menu.clientWidth) { return; }
  var item = current.getBoundingClientRect(), box = menu.getBoundingClientRect();
  menu.scrollLeft += (item.left + item.width / 2) - (box.left + box.width / 2);
})();

// Wide screens: when the main menu wraps beside the brand and the account links, it moves to a row of its own
// (.topbar__inner--stacked) instead of growing the header into two or three ragged rows.
(function () {
  var bar = document.querySelector(".topbar__inner"), menu = bar && bar.querySelector(".mainnav");
  if (!menu || !menu.firstElementChild) { return; }
  function fit() {
    bar.classList.remove("topbar__inner--stacked");
    if (menu.lastElementChild.offsetTop > menu.firstElementChild.offsetTop) {
      bar.classList.add("topbar__inner--stacked");
    }
  }
  fit();
  window.addEventListener("resize", fit);
})();

// An htmx request the server refused (a 403, a 404: the idea was withdrawn, the comment hidden meanwhile) or that
// never reached it swaps nothing, so nothing would change on screen: say why beside what was pressed, in the
// server's words when its error page has them. What was typed stays in its box.
(function () {
  function explain(element, message) {
    var place = element.closest("form") || element;
    var note = place.nextElementSibling;
    if (!note || !note.hasAttribute("data-request-error")) {
      note = document.createElement("p");
      note.className = "form-error";
      note.setAttribute("role", "alert");
      note.setAttribute("data-request-error", "");
      place.insertAdjacentElement("afterend", note);
    }
    note.textContent = message;
  }

  document.addEventListener("htmx:responseError", function (event) {
    var page = new DOMParser().parseFromString(event.detail.xhr.responseText || "", "text/html");
    var said = page.querySelector("[data-error-message]");
    explain(event.detail.elt, (said && said.textContent.trim()) || document.body.dataset.requestFailed);
  });
  document.addEventListener("htmx:sendError", function (event) {
    explain(event.detail.elt, document.body.dataset.requestUnsent);
  });
  document.addEventListener("htmx:beforeRequest", function (event) {  // a new try clears the last one's note
    var place = event.detail.elt.closest("form") || event.detail.elt;
    var note = place.nextElementSibling;
    if (note && note.hasAttribute("data-request-error")) { note.remove(); }
  });
})();
