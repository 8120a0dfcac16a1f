/* The register: hours follow the status on a day's form; the classroom code rotates.
   Both pages work without this file (the server applies the same rules). */
(function () {
  "use strict";

  var PARTIAL = ["late", "left_early"];

  document.querySelectorAll("form.day-register").forEach(function (form) {
    form.querySelectorAll("select[name^='status_']").forEach(function (select) {
      var hours = form.querySelector("[name='hours_" + select.name.slice(7) + "']");
      if (!hours) return;
      function sync() {
        var partial = PARTIAL.indexOf(select.value) !== -1;
        hours.disabled = !partial;
        if (select.value === "present") hours.value = form.dataset.dayHours;
        else if (select.value === "absent" || select.value === "excused") hours.value = "0";
      }
      select.addEventListener("change", sync);
      sync();
    });
  });

  var display = document.querySelector(".checkin-display");
  if (display && window.fetch) {
    var seconds = display.querySelector("[data-seconds]");
    var left = parseInt(seconds.textContent, 10) || 1;
    var refresh = function () {
      window
        .fetch(display.dataset.codeUrl, { credentials: "same-origin", cache: "no-store" })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        })
        .then(function (data) {
          display.querySelector(".checkin-open").classList.toggle("d-none", !data.open);
          display.querySelector(".checkin-closed").classList.toggle("d-none", data.open);
          if (data.open) {
            display.querySelector("[data-code]").textContent = data.code;
            display.querySelector("[data-qr]").innerHTML = data.qr;
          }
          left = data.seconds_left;
          seconds.textContent = String(left);
        })
        .catch(function () {
          left = 5; /* try again shortly */
        });
    };
    window.setInterval(function () {
      left -= 1;
      if (left <= 0) {
        left = parseInt(display.dataset.period, 10) || 60;
        refresh();
      } else {
        seconds.textContent = String(left);
      }
    }, 1000);
  }
})();
