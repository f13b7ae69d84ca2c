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
    button.textContent = button.dataset.pickTemplate
      .replace("{time}", label.textContent.trim())
      .replace("{who}", legend.textContent.trim());
  }
});
