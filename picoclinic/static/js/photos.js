// Photos (outcomes app): a preview before upload, and the comparison's overlay, zoom, pan and
// swap. The pages work without it (side by side, swap by link). No inline styles (CSP): the
// transform and opacity are set through element.style, which the policy allows.
(() => {
  "use strict";

  const MIN_ZOOM = 1;
  const MAX_ZOOM = 6;
  const ZOOM_STEP = 1.5;
  const PAN_STEP = 40;

  // --- Upload: show the chosen photo; one source at a time -----------------------------------
  function initPreview() {
    const preview = document.querySelector("[data-photo-preview]");
    if (!preview) return;
    const inputs = [...document.querySelectorAll(".photo-source input[type=file]")];
    let url = null;
    preview.addEventListener("load", () => { preview.hidden = false; });
    // A HEIC file the browser cannot show: no preview, the upload still works.
    preview.addEventListener("error", () => { preview.hidden = true; });
    inputs.forEach((input) => {
      input.addEventListener("change", () => {
        if (url) URL.revokeObjectURL(url);
        url = null;
        preview.hidden = true;
        const file = input.files && input.files[0];
        if (!file) return;
        inputs.filter((other) => other !== input).forEach((other) => { other.value = ""; });
        url = URL.createObjectURL(file);
        preview.src = url;
      });
    });
  }

  // --- Comparison -------------------------------------------------------------------------------
  function initCompare(root) {
    const stage = root.querySelector("[data-stage]");
    const panes = {
      a: root.querySelector('[data-pane="a"]'),
      b: root.querySelector('[data-pane="b"]'),
    };
    if (!stage || !panes.a || !panes.b) return; // one photo: nothing to compare
    root.querySelectorAll("[data-needs-js]").forEach((el) => { el.hidden = false; });

    const blend = root.querySelector("[data-blend]");
    const blendInput = root.querySelector("[data-blend-input]");
    const ends = {
      a: root.querySelector('[data-blend-end="a"]'),
      b: root.querySelector('[data-blend-end="b"]'),
    };
    const level = root.querySelector("[data-zoom-level]");
    const swapLink = root.querySelector("[data-swap]");
    const picks = { a: root.querySelector('[data-pick="a"]'), b: root.querySelector('[data-pick="b"]') };
    const state = { zoom: 1, x: 0, y: 0, overlay: false };

    const images = () => [...stage.querySelectorAll("[data-img]")];

    function clampPan() {
      const frame = stage.querySelector(".compare__frame");
      const maxX = (frame.clientWidth * (state.zoom - 1)) / 2;
      const maxY = (frame.clientHeight * (state.zoom - 1)) / 2;
      state.x = Math.max(-maxX, Math.min(maxX, state.x));
      state.y = Math.max(-maxY, Math.min(maxY, state.y));
    }

    // Both photos always carry the same transform: they zoom and move together.
    function render() {
      clampPan();
      const transform = state.zoom === 1
        ? ""
        : `translate(${state.x}px, ${state.y}px) scale(${state.zoom})`;
      images().forEach((img) => { img.style.transform = transform; });
      stage.classList.toggle("is-zoomed", state.zoom > 1);
      if (level) level.textContent = `${Math.round(state.zoom * 100)}%`;
    }

    function zoomTo(zoom) {
      const next = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, zoom));
      const ratio = next / state.zoom;
      state.x *= ratio;
      state.y *= ratio;
      state.zoom = next;
      render();
    }

    function pan(dx, dy) {
      if (state.zoom === 1) return;
      state.x += dx;
      state.y += dy;
      render();
    }

    function applyBlend() {
      images().forEach((img) => { img.style.opacity = ""; });
      const top = panes.b.querySelector("[data-img]");
      if (state.overlay) top.style.opacity = String(Number(blendInput.value) / 100);
      blendInput.setAttribute(
        "aria-valuetext",
        `${blendInput.value}% of the photo of ${ends.b.textContent}`,
      );
    }

    function setMode(mode) {
      state.overlay = mode === "overlay";
      stage.classList.toggle("compare__stage--overlay", state.overlay);
      blend.hidden = !state.overlay;
      applyBlend();
      render();
    }

    function swap() {
      const aNodes = [...panes.a.childNodes];
      panes.a.replaceChildren(...panes.b.childNodes);
      panes.b.replaceChildren(...aNodes);
      [ends.a.textContent, ends.b.textContent] = [ends.b.textContent, ends.a.textContent];
      if (picks.a && picks.b) {
        [picks.a.value, picks.b.value] = [picks.b.value, picks.a.value];
        const params = new URLSearchParams(new FormData(picks.a.form));
        history.replaceState(null, "", `?${params}`);
        params.set("a", picks.b.value);
        params.set("b", picks.a.value);
        swapLink.href = `?${params}`;
      }
      applyBlend();
      render();
    }

    root.querySelectorAll("[data-mode]").forEach((radio) => {
      radio.addEventListener("change", () => { if (radio.checked) setMode(radio.value); });
    });
    blendInput.addEventListener("input", applyBlend);
    root.querySelectorAll("[data-zoom]").forEach((button) => {
      button.addEventListener("click", () => {
        const how = button.dataset.zoom;
        if (how === "in") zoomTo(state.zoom * ZOOM_STEP);
        else if (how === "out") zoomTo(state.zoom / ZOOM_STEP);
        else { state.x = 0; state.y = 0; zoomTo(1); }
      });
    });
    if (swapLink) {
      swapLink.addEventListener("click", (event) => { event.preventDefault(); swap(); });
    }

    stage.addEventListener("keydown", (event) => {
      const moves = {
        ArrowLeft: [PAN_STEP, 0], ArrowRight: [-PAN_STEP, 0],
        ArrowUp: [0, PAN_STEP], ArrowDown: [0, -PAN_STEP],
      };
      if (event.key === "+" || event.key === "=") zoomTo(state.zoom * ZOOM_STEP);
      else if (event.key === "-" || event.key === "_") zoomTo(state.zoom / ZOOM_STEP);
      else if (event.key === "0") { state.x = 0; state.y = 0; zoomTo(1); }
      else if (moves[event.key] && state.zoom > 1) pan(...moves[event.key]);
      else return;
      event.preventDefault();
    });

    // A trackpad pinch arrives as a wheel event with ctrlKey; a plain wheel scrolls the page.
    stage.addEventListener("wheel", (event) => {
      if (!event.ctrlKey) return;
      event.preventDefault();
      zoomTo(state.zoom * (event.deltaY < 0 ? 1.1 : 1 / 1.1));
    }, { passive: false });

    // Drag to move a zoomed pair; two fingers pinch to zoom.
    const pointers = new Map();
    let pinch = null;
    const spread = () => {
      const [p, q] = [...pointers.values()];
      return Math.hypot(p.x - q.x, p.y - q.y) || 1;
    };
    stage.addEventListener("pointerdown", (event) => {
      if (!event.target.closest(".compare__frame")) return;
      stage.setPointerCapture(event.pointerId);
      pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
      if (pointers.size === 2) pinch = { spread: spread(), zoom: state.zoom };
    });
    stage.addEventListener("pointermove", (event) => {
      const previous = pointers.get(event.pointerId);
      if (!previous) return;
      pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
      if (pinch && pointers.size === 2) zoomTo((pinch.zoom * spread()) / pinch.spread);
      else if (pointers.size === 1) pan(event.clientX - previous.x, event.clientY - previous.y);
    });
    const release = (event) => {
      pointers.delete(event.pointerId);
      if (pointers.size < 2) pinch = null;
    };
    stage.addEventListener("pointerup", release);
    stage.addEventListener("pointercancel", release);
    window.addEventListener("resize", render);

    setMode("side");
  }

  function init() {
    initPreview();
    document.querySelectorAll("[data-compare]").forEach(initCompare);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
