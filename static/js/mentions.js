// @mentions in comment boxes: typing "@" and part of a name lists the people who may be mentioned
// there (GET the textarea's data-mentions URL); choosing one writes the mention the server checks.
(function () {
  "use strict";
  var TYPED = /(^|\s)@([^\s@\[\]()]{0,30})$/;
  var menu = null, field = null, people = [], active = 0, pending = null, asked = 0;

  function close() {
    if (menu) { menu.remove(); }
    if (field) {
      field.setAttribute("aria-expanded", "false");
      field.removeAttribute("aria-activedescendant");
      field.removeAttribute("aria-controls");  // it may only name an element that exists
    }
    menu = null; people = []; active = 0;
  }

  function typedName(textarea) {
    var found = TYPED.exec(textarea.value.slice(0, textarea.selectionStart));
    return found ? found[2] : null;
  }

  function isInternal(textarea) {
    var box = textarea.form && textarea.form.querySelector("[name=internal]");
    return (box && box.checked) || textarea.dataset.mentionsInternal === "1";
  }

  function highlight(index) {
    active = index;
    Array.prototype.forEach.call(menu.children, function (item, i) {
      item.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    field.setAttribute("aria-activedescendant", "mention-option-" + index);
  }

  function show(textarea, found) {
    close();
    if (!found.length) { return; }
    field = textarea; people = found;
    menu = document.createElement("ul");
    menu.className = "mention-menu";
    menu.id = "mention-menu";
    menu.setAttribute("role", "listbox");
    menu.setAttribute("data-testid", "mention-menu");
    found.forEach(function (person, i) {
      var item = document.createElement("li");
      item.id = "mention-option-" + i;
      item.setAttribute("role", "option");
      item.textContent = person.name;
      if (person.team) {
        var badge = document.createElement("span");
        badge.className = "badge badge--staff";
        badge.textContent = textarea.dataset.teamLabel || "";
        item.appendChild(badge);
      }
      item.addEventListener("mousedown", function (event) { event.preventDefault(); choose(i); });
      menu.appendChild(item);
    });
    textarea.parentNode.style.position = "relative";
    textarea.insertAdjacentElement("afterend", menu);
    menu.style.top = (textarea.offsetTop + textarea.offsetHeight + 2) + "px";
    menu.style.left = textarea.offsetLeft + "px";
    textarea.setAttribute("aria-expanded", "true");
    textarea.setAttribute("aria-controls", "mention-menu");
    highlight(0);
  }

  function choose(index) {
    var person = people[index], textarea = field;
    if (!person || !textarea) { return; }
    var caret = textarea.selectionStart, before = textarea.value.slice(0, caret);
    var start = before.lastIndexOf("@");
    var inserted = person.mention + " ";
    textarea.value = before.slice(0, start) + inserted + textarea.value.slice(caret);
    textarea.selectionStart = textarea.selectionEnd = start + inserted.length;
    close();
    textarea.focus();
  }

  function lookUp(textarea) {
    var name = typedName(textarea);
    clearTimeout(pending);
    if (name === null) { close(); return; }
    pending = setTimeout(function () {
      var ticket = ++asked;
      var url = textarea.dataset.mentions + "?q=" + encodeURIComponent(name) + (isInternal(textarea) ? "&internal=1" : "");
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { people: [] }; })
        .then(function (answer) { if (ticket === asked && typedName(textarea) !== null) { show(textarea, answer.people || []); } })
        .catch(close);
    }, 120);
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("textarea[data-mentions]")) { lookUp(event.target); }
  });

  document.addEventListener("keydown", function (event) {
    if (!menu || event.target !== field) { return; }
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      var step = event.key === "ArrowDown" ? 1 : people.length - 1;
      highlight((active + step) % people.length);
    } else if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      choose(active);
    } else if (event.key === "Escape") {
      event.preventDefault();
      close();
    }
  });

  document.addEventListener("focusout", function (event) { if (event.target === field) { close(); } });
})();
