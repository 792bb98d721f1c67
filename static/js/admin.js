// Ask before destructive admin actions: forms marked data-confirm="Question?" submit only when confirmed.
document.addEventListener("submit", function (event) {
  var form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.getAttribute("data-confirm"))) {
    event.preventDefault();
  }
});
