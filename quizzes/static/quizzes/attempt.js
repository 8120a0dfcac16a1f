/* The attempt page: answers saved as they change, and the time left.
   The page works without this file: "Salva le risposte" and "Consegna" post the form,
   and the server closes the attempt at its deadline whatever the browser does. */
(function () {
  "use strict";

  var form = document.querySelector("form.quiz-attempt");
  if (!form || !window.fetch || !window.FormData) return;
  var status = form.querySelector(".quiz-save-status");
  var timer = null;

  function save() {
    var data = new FormData(form);
    data.set("action", "save");
    return window
      .fetch(form.action || window.location.href, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" },
      })
      .then(function (response) {
        return response.json().then(function (body) {
          if (body.finished && body.review) {
            window.location.href = body.review;
            return;
          }
          status.textContent = body.saved
            ? form.dataset.savedLabel + " " + body.saved_at
            : body.message || form.dataset.errorLabel;
        });
      })
      .catch(function () {
        status.textContent = form.dataset.errorLabel;
      });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 1500);
  }
  form.addEventListener("change", later);
  form.addEventListener("input", later);

  var deadlineBox = document.querySelector("[data-deadline]");
  if (deadlineBox) {
    var deadline = new Date(deadlineBox.dataset.deadline).getTime();
    var countdown = deadlineBox.querySelector(".quiz-countdown");
    var tick = function () {
      var left = Math.max(0, Math.floor((deadline - Date.now()) / 1000));
      var minutes = Math.floor(left / 60);
      var seconds = left % 60;
      countdown.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
      if (left === 0) {
        window.clearInterval(interval);
        save().then(function () {
          window.location.reload();
        });
      }
    };
    var interval = window.setInterval(tick, 1000);
    tick();
  }
})();
