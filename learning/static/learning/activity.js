// Records "viewed" with a small POST once the page has loaded; without JavaScript the
// learner presses the same form's button ("Segna come visto"). A GET never writes.
(function () {
  "use strict";
  var form = document.querySelector("form[data-auto-view]");
  if (!form || !window.fetch) {
    return;
  }
  window.addEventListener("load", function () {
    // The form has an input named "action", which hides the form's own property.
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    }).then(function (response) {
      if (!response.ok) {
        return null;
      }
      return response.json();
    }).then(function (data) {
      if (!data) {
        return;
      }
      var bar = document.querySelector("#activity-progress-label + progress");
      var label = document.getElementById("activity-progress-label");
      if (bar && label) {
        bar.value = data.done;
        label.textContent = data.label;
      }
      var state = document.getElementById("activity-state");
      if (state) {
        state.textContent = form.getAttribute("data-viewed-text");
      }
      form.hidden = true;
      document.dispatchEvent(new CustomEvent("learning:viewed"));
    });
  });
})();
