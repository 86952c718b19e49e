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
