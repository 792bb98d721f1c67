// Open the "release note" field as soon as a PM picks Shipped (the field works without JS too).
document.addEventListener("change", function (event) {
  var select = event.target;
  if (!select.matches || !select.matches("[data-testid=status-form] select[name=status]")) return;
  var details = select.form.querySelector("details.release-note");
  if (details && select.value === "shipped") details.open = true;
});

// Escape in a form cancels it where its Cancel link says so (aria-keyshortcuts="Escape": a comment edited in place).
// An open @mention list takes the first Escape: mentions.js marks it handled.
document.addEventListener("keydown", function (event) {
  if (event.key !== "Escape" || event.defaultPrevented || !event.target.closest) { return; }
  var form = event.target.closest("form");
  var cancel = form && form.querySelector("[aria-keyshortcuts=Escape]");
  if (cancel) {
    event.preventDefault();
    cancel.click();
  }
});
