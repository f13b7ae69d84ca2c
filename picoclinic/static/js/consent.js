// Signing on the tablet: the signature pad (vendored signature_pad 5.1.4) and the choice
// between drawing and typing. Without JavaScript the page still works by typing the name.
(() => {
  const form = document.querySelector("[data-consent-form]");
  if (!form || typeof window.SignaturePad === "undefined") return;

  const canvas = form.querySelector("[data-signature-pad]");
  const image = form.querySelector("input[name=signature_image]");
  const methods = Array.from(form.querySelectorAll("input[name=signature_method]"));
  const panels = Array.from(form.querySelectorAll("[data-signature-panel]"));
  const pad = new window.SignaturePad(canvas, { minWidth: 1, maxWidth: 3.2, penColor: "#17202a" });
  let shownWidth = 0;

  // The canvas's pixels follow its size on screen (at most 2x density keeps the PNG small).
  function fitCanvas() {
    const width = canvas.offsetWidth;
    if (!width || width === shownWidth) return;
    shownWidth = width;
    const ratio = Math.min(window.devicePixelRatio || 1, 2);
    canvas.width = width * ratio;
    canvas.height = canvas.offsetHeight * ratio;
    canvas.getContext("2d").scale(ratio, ratio);
    pad.clear();
    if (image.value) {
      pad.fromDataURL(image.value, { ratio, width, height: canvas.offsetHeight });
    }
  }

  function chosen() {
    const checked = methods.find((input) => input.checked);
    return checked ? checked.value : "";
  }

  function showPanel() {
    panels.forEach((panel) => {
      panel.hidden = panel.dataset.signaturePanel !== chosen();
    });
    fitCanvas();
  }

  form.querySelectorAll("[data-needs-js]").forEach((el) => {
    el.hidden = false;
  });
  if (!chosen()) {
    const drawn = methods.find((input) => input.value === "drawn");
    if (drawn) drawn.checked = true;
  }
  methods.forEach((input) => input.addEventListener("change", showPanel));
  window.addEventListener("resize", fitCanvas);

  pad.addEventListener("endStroke", () => {
    image.value = pad.toDataURL("image/png");
  });
  form.querySelector("[data-signature-clear]").addEventListener("click", () => {
    pad.clear();
    image.value = "";
  });
  form.addEventListener("submit", () => {
    if (chosen() === "drawn") image.value = pad.isEmpty() ? "" : pad.toDataURL("image/png");
  });

  showPanel();
})();
