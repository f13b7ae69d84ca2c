// Recording an adverse event: offer only the settings of the session chosen (the server
// checks the pairing anyway, so without this script a mismatch is refused with a message).
(function () {
  "use strict";
  function filterEntries(entries, sessionSelect) {
    var session = sessionSelect.value;
    Array.prototype.forEach.call(entries.options, function (option) {
      var of = option.getAttribute("data-session");
      option.hidden = Boolean(of) && of !== session;
      if (option.hidden && option.selected) { entries.value = ""; }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-entries-of]").forEach(function (entries) {
      var sessionSelect = document.querySelector('select[name="' + entries.dataset.entriesOf + '"]');
      if (!sessionSelect) { return; }
      sessionSelect.addEventListener("change", function () { filterEntries(entries, sessionSelect); });
      filterEntries(entries, sessionSelect);
    });
  });
})();
