// Suggest a slug from the name while the slug field is still empty or untouched ("Mobile app" → "mobile-app").
(function () {
  function slugify(text, maxLength) {
    return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, maxLength).replace(/-+$/, "");
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-slug-from]").forEach(function (slug) {
      var source = slug.form && slug.form.elements[slug.getAttribute("data-slug-from")];
      if (!source) { return; }
      var touched = slug.value !== "";
      slug.addEventListener("input", function () { touched = slug.value !== ""; });
      source.addEventListener("input", function () {
        if (!touched) { slug.value = slugify(source.value, slug.maxLength > 0 ? slug.maxLength : 60); }
      });
    });
  });
})();
