// The work page frames the report: grow the frame to the report's height so the page scrolls as one.
(function () {
  var frame = document.getElementById("report");
  if (!frame) return;
  function fit() {
    try {
      var doc = frame.contentDocument;
      if (doc && doc.documentElement) frame.style.height = doc.documentElement.scrollHeight + "px";
    } catch (e) { /* not same-origin: keep the default height */ }
  }
  frame.addEventListener("load", function () {
    fit();
    if (window.ResizeObserver && frame.contentDocument) new ResizeObserver(fit).observe(frame.contentDocument.body);
  });
  window.addEventListener("resize", fit);
})();

// The import form and "Analyse again": once sent, it cannot be sent again (the files are on their way, the
// job is queued); coming back to the page from the browser's history makes it ready again.
document.querySelectorAll("form.upload, form.once").forEach(function (form) {
  var button = form.querySelector("button[type=submit]");
  var label = button.textContent;
  form.addEventListener("submit", function (event) {
    if (form.dataset.sent) { event.preventDefault(); return; }
    form.dataset.sent = "1";
    button.disabled = true;
    button.textContent = form.dataset.sending || "Importing…";
  });
  window.addEventListener("pageshow", function () {
    delete form.dataset.sent;
    button.disabled = false;
    button.textContent = label;
  });
});

// Phones: the filters folded behind a "Filters" button placed before them, so the first result is near
// the top; open at once when the search already filters something. Without the script they stay open.
(function () {
  var facets = document.querySelector(".library .facets");
  if (!facets || !facets.children.length) return;
  facets.id = facets.id || "filters";
  var chosen = document.querySelectorAll(".selection .chip").length;
  var button = document.createElement("button");
  button.type = "button";
  button.className = "filters-toggle";
  button.setAttribute("aria-controls", facets.id);
  button.setAttribute("aria-expanded", "false");
  button.textContent = chosen ? "Filters (" + chosen + " chosen)" : "Filters";
  button.addEventListener("click", function () {
    var open = facets.classList.toggle("open");
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });
  facets.parentNode.insertBefore(button, facets);
  document.querySelector(".library").classList.add("has-filters-toggle");
})();
