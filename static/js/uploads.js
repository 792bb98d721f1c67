// Images in Markdown text boxes: "Attach image", or paste or drop one into a textarea that has a
// data-upload-url. The image is uploaded (POST, CSRF token in the header) and its Markdown written
// where the caret was; a refusal is shown beside the button.
(function () {
  "use strict";

  function csrfToken() {
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  }

  function statusOf(textarea) {
    return document.querySelector('[data-upload-status-for="' + textarea.id + '"]');
  }

  // the words come from the page (templates/uploads/_attach.html), in the reader's language
  function wording(textarea, name) {
    var status = statusOf(textarea);
    return (status && status.dataset[name]) || "";
  }

  function say(textarea, message, failed) {
    var status = statusOf(textarea);
    if (!status) { return; }
    status.textContent = message;
    status.classList.toggle("attach__status--error", !!failed);
    status.setAttribute("role", failed ? "alert" : "status");
  }

  function insertAtCaret(textarea, text) {
    var start = textarea.selectionStart, end = textarea.selectionEnd, value = textarea.value;
    var before = value.slice(0, start), after = value.slice(end);
    // a paragraph of its own: an image inside a line of text would sit on that line
    var lead = !before || /\n\n$/.test(before) ? "" : /\n$/.test(before) ? "\n" : "\n\n";
    var spaced = lead + text + (after && !/^\n/.test(after) ? "\n\n" : "");
    textarea.value = before + spaced + after;
    textarea.selectionStart = textarea.selectionEnd = before.length + spaced.length;
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function upload(textarea, file, url) {
    // what the text shows while the image uploads, in the reader's language
    var name = file.name.replace(/[\[\]()]/g, "");
    var placeholder = "![" + (wording(textarea, "placeholder") || "{name}").replace("{name}", function () { return name; }) + "]()";
    insertAtCaret(textarea, placeholder);
    say(textarea, wording(textarea, "uploading"), false);
    var body = new FormData();
    body.append("image", file, file.name);
    fetch(url, { method: "POST", body: body, credentials: "same-origin",
                 headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" } })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (answer) {
          return { ok: response.ok, status: response.status, answer: answer };
        });
      })
      .then(function (result) {
        var done = result.ok && result.answer.markdown;
        textarea.value = textarea.value.replace(placeholder, done ? result.answer.markdown : "");
        textarea.dispatchEvent(new Event("input", { bubbles: true }));
        var refusal = result.answer.error || (result.status === 429 ? wording(textarea, "tooMany")
                                                                     : wording(textarea, "failed"));
        say(textarea, done ? "" : refusal, !done);
      })
      .catch(function () {
        textarea.value = textarea.value.replace(placeholder, "");
        say(textarea, wording(textarea, "failed"), true);
      });
  }

  function imagesOf(list) {
    return Array.prototype.filter.call(list || [], function (file) { return /^image\//.test(file.type); });
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[data-attach-for]")) { return; }
    var textarea = document.getElementById(input.dataset.attachFor);
    Array.prototype.forEach.call(input.files, function (file) { upload(textarea, file, input.dataset.uploadUrl); });
    input.value = "";
  });

  document.addEventListener("paste", function (event) {
    var textarea = event.target;
    if (!textarea.matches || !textarea.matches("textarea[data-upload-url]")) { return; }
    var files = imagesOf(event.clipboardData && event.clipboardData.files);
    if (!files.length) { return; }
    event.preventDefault();
    files.forEach(function (file) { upload(textarea, file, textarea.dataset.uploadUrl); });
  });

  document.addEventListener("dragover", function (event) {
    if (event.target.matches && event.target.matches("textarea[data-upload-url]")) { event.preventDefault(); }
  });

  document.addEventListener("drop", function (event) {
    var textarea = event.target;
    if (!textarea.matches || !textarea.matches("textarea[data-upload-url]")) { return; }
    var files = imagesOf(event.dataTransfer && event.dataTransfer.files);
    if (!files.length) { return; }
    event.preventDefault();
    textarea.focus();
    files.forEach(function (file) { upload(textarea, file, textarea.dataset.uploadUrl); });
  });
})();
