// Show or hide each kind of highlight in the text.
document.querySelectorAll(".toggles input[data-kind]").forEach(function (box) {
  box.addEventListener("change", function () {
    document.getElementById("story").classList.toggle("no-" + box.dataset.kind, !box.checked);
  });
});

// A numbered jump shows its passage on hover or keyboard focus, kept inside the window.
(function () {
  var tip = document.getElementById("tip");
  if (!tip) return;
  function show(event) {
    var link = event.currentTarget, box = link.getBoundingClientRect();
    tip.textContent = link.dataset.passage;
    tip.hidden = false;
    var width = tip.offsetWidth, height = tip.offsetHeight;
    var left = Math.max(8, Math.min(box.left, window.innerWidth - width - 8));
    var top = box.bottom + 6 + height > window.innerHeight ? box.top - height - 6 : box.bottom + 6;
    tip.style.left = left + "px";
    tip.style.top = Math.max(8, top) + "px";
  }
  function hide() { tip.hidden = true; }
  document.querySelectorAll("a.jump[data-passage]").forEach(function (link) {
    link.addEventListener("mouseenter", show);
    link.addEventListener("focus", show);
    link.addEventListener("mouseleave", hide);
    link.addEventListener("blur", hide);
  });
})();
