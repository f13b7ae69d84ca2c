// The consultation workspace: show only the questions that apply, keep the save indicator
// honest, and send any unsaved typing when the tab is hidden or closed. Every form still
// works without this file (each has a Save button in <noscript>).
(function () {
  "use strict";

  const SAVING = "Saving…";
  const NOT_SAVED_LOGIN =
    "Not saved: you may have been logged out. Log in again in another tab; what you typed stays here.";
  const NOT_SAVED_NETWORK = "Not saved: no connection. It will be sent again with your next change.";
  const NOT_SAVED_REFUSED = "Not saved: see the message at the top of the page.";

  // --- Questions that apply only to some answers: data-reveal-when="name=value|value" ---------
  function currentValue(form, name) {
    const inputs = form.querySelectorAll(`[name="${CSS.escape(name)}"]`);
    let value = "";
    inputs.forEach((input) => {
      if (input.type === "radio" || input.type === "checkbox") {
        if (input.checked) value = input.value;
      } else {
        value = input.value;
      }
    });
    return value;
  }

  function applyReveals(root) {
    root.querySelectorAll("[data-reveal-when]").forEach((el) => {
      const form = el.closest("form");
      if (!form) return;
      const [name, values] = el.dataset.revealWhen.split("=");
      el.hidden = !values.split("|").includes(currentValue(form, name));
    });
  }

  // --- The save indicator ---------------------------------------------------------------------
  function statusFor(form) {
    const section = form.closest(".consult-section, .concern-card");
    return section ? section.querySelector(".autosave") : null;
  }

  // The section's own indicator, mirrored in the sticky section bar (always in view).
  function mirror(text, ok) {
    const global = document.getElementById("autosave-global");
    if (!global) return;
    global.textContent = text;
    global.classList.toggle("autosave--error", !ok);
  }

  function showStatus(form, text, ok) {
    const status = statusFor(form);
    if (!status) return;
    status.textContent = text;
    status.classList.toggle("autosave--error", !ok);
    mirror(text, ok);
  }

  function isAutosave(form) {
    return form instanceof HTMLFormElement && form.hasAttribute("data-autosave");
  }

  document.addEventListener("input", (event) => {
    const form = event.target.form;
    if (isAutosave(form)) form.dataset.dirty = "1";
  });

  document.addEventListener("change", (event) => {
    const form = event.target.form || event.target;
    if (!(form instanceof HTMLFormElement)) return;
    if (isAutosave(form)) form.dataset.dirty = "1";
    applyReveals(form);
  });

  document.addEventListener("htmx:beforeRequest", (event) => {
    const form = event.detail.elt;
    if (!isAutosave(form)) return;
    form.dataset.dirty = "0";
    showStatus(form, SAVING, true);
  });

  document.addEventListener("htmx:afterRequest", (event) => {
    const form = event.detail.elt;
    if (!isAutosave(form)) return;
    const xhr = event.detail.xhr;
    const answer = xhr && xhr.getResponseHeader("X-Autosave");
    if (!event.detail.successful || !answer) {
      form.dataset.dirty = "1";
      const text = !xhr || xhr.status === 0 ? NOT_SAVED_NETWORK : NOT_SAVED_LOGIN;
      showStatus(form, text, false);
    } else if (answer === "refused") {
      showStatus(form, NOT_SAVED_REFUSED, false);
    } else {
      const status = statusFor(form);
      if (status) mirror(status.textContent, !status.classList.contains("autosave--error"));
    }
  });

  // Enter in a field saves in place instead of reloading the page.
  document.addEventListener("submit", (event) => {
    if (!isAutosave(event.target)) return;
    event.preventDefault();
    event.target.dispatchEvent(new Event("change", { bubbles: true }));
  });

  // --- Nothing lost when the tab is hidden or closed -------------------------------------------
  function flush() {
    document.querySelectorAll("form[data-autosave]").forEach((form) => {
      if (form.dataset.dirty === "1" && navigator.sendBeacon) {
        navigator.sendBeacon(form.action, new FormData(form));
        form.dataset.dirty = "0";
      }
    });
  }
  window.addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") flush();
  });

  // --- "Answer No to the questions left" ---------------------------------------------------------
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-answer-rest-no]");
    if (!button) return;
    const form = button.form;
    const groups = new Set();
    form.querySelectorAll('input[type="radio"][value="no"]').forEach((radio) => {
      if (radio.closest("[hidden]")) return; // a follow-up question that does not apply
      groups.add(radio.name);
    });
    groups.forEach((name) => {
      const radios = form.querySelectorAll(`input[type="radio"][name="${CSS.escape(name)}"]`);
      if (![...radios].some((radio) => radio.checked)) {
        [...radios].find((radio) => radio.value === "no").checked = true;
      }
    });
    form.dispatchEvent(new Event("change", { bubbles: true }));
  });

  // --- Errors beside a field: mark the field invalid for assistive technology ---------------------
  function markInvalid(root) {
    root.querySelectorAll(".field-errors").forEach((slot) => {
      const field = slot.closest(".field, .question");
      if (!field) return;
      const invalid = slot.children.length > 0;
      field.querySelectorAll("input, select, textarea").forEach((input) => {
        const described = (input.getAttribute("aria-describedby") || "")
          .split(" ")
          .filter((id) => id && id !== slot.id);
        if (invalid) {
          input.setAttribute("aria-invalid", "true");
          described.push(slot.id);
        } else {
          input.removeAttribute("aria-invalid");
        }
        if (described.length) input.setAttribute("aria-describedby", described.join(" "));
        else input.removeAttribute("aria-describedby");
      });
    });
  }

  document.addEventListener("htmx:load", (event) => {
    applyReveals(event.detail.elt);
  });
  document.addEventListener("htmx:oobAfterSwap", () => markInvalid(document));
  document.addEventListener("htmx:afterSettle", () => markInvalid(document));
  document.addEventListener("DOMContentLoaded", () => {
    applyReveals(document);
    markInvalid(document);
  });
})();
