/* "Questa pagina ti è stata utile?" answered in place. Without this file the form posts, and
   the page comes back with the thank-you note (or the form's errors): this asks for the same
   page in the background and puts its answer section in place of the form. */
(function () {
  "use strict";
  if (!window.fetch || !window.DOMParser || !window.FormData) return;

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.classList.contains("page-feedback-form")) {
      return;
    }
    var section = form.closest(".page-feedback");
    if (!section || !section.id) return;
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) {
        if (response.status !== 200 && response.status !== 400) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(section.id);
        if (!fresh) throw new Error("no answer section");
        section.replaceWith(fresh);
        var note = fresh.querySelector(".form-error-summary, [role=status]");
        if (note) {
          note.setAttribute("tabindex", "-1");
          note.focus();
        }
      })
      .catch(function () {
        /* Anything unexpected (a limit reached, the network): the plain post says what. */
        form.submit();
      });
  });
})();
