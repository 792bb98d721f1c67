// Open the "release note" field as soon as a PM picks Shipped (the field works without JS too).
document.addEventListener("change", function (event) {
  var select = event.target;
  if (!select.matches || !select.matches("[data-testid=status-form] select[name=status]")) return;
  var details = select.form.querySelector("details.release-note");
  if (details && select.value === "shipped") details.open = true;
});
