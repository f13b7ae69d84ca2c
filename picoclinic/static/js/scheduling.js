// Scheduling pages: small enhancements; every page works without them.

// Today's calendar opens at the current time rather than at opening time.
document.addEventListener("DOMContentLoaded", () => {
  const now = document.querySelector(".cal .cal__now");
  if (now && !window.location.hash) {
    now.scrollIntoView({ block: "center" });
  }
});

// The button says what it will do once a time is picked: data-pick-template="Book {time} with {who}".
document.addEventListener("change", (event) => {
  const radio = event.target;
  if (!(radio instanceof HTMLInputElement) || !radio.classList.contains("slot__radio")) {
    return;
  }
  const form = radio.form;
  const button = form && form.querySelector("[data-pick-template]");
  const label = form && form.querySelector(`label[for="${radio.id}"]`);
  const legend = radio.closest("fieldset")?.querySelector("legend");
  if (button && label && legend) {
    const time = label.firstChild ? label.firstChild.textContent.trim() : label.textContent.trim();
    button.textContent = button.dataset.pickTemplate
      .replace("{time}", time)
      .replace("{who}", legend.textContent.trim())
      .replace("{day}", button.dataset.day || "");
  }
});

// Public booking: choosing a clinic shows its free times at once.
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el instanceof HTMLInputElement && el.hasAttribute("data-autosubmit-radio") && el.form) {
    el.form.requestSubmit();
  }
});

// A form with data-confirm asks once more before it is sent (cancelling a request, say).
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
