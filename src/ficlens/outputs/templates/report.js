// Show or hide each kind of highlight in the text.
document.querySelectorAll(".toggles input[data-kind]").forEach(function (box) {
  box.addEventListener("change", function () {
    document.getElementById("story").classList.toggle("no-" + box.dataset.kind, !box.checked);
  });
});
