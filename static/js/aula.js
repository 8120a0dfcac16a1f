/* Aula: progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  /* A websocket that reconnects with exponential backoff (1 s … 30 s). */
  function liveSocket(path, onMessage, onOpen) {
    var delay = 1000;
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    function connect() {
      var socket = new WebSocket(scheme + window.location.host + path);
      socket.addEventListener("open", function () {
        delay = 1000;
        if (onOpen) onOpen(socket);
      });
      socket.addEventListener("message", function (event) {
        try {
          onMessage(JSON.parse(event.data), socket);
        } catch (error) {
          /* Ignore malformed frames. */
        }
      });
      socket.addEventListener("close", function (event) {
        if (event.code >= 4400 && event.code < 4500) return; /* refused: do not retry */
        window.setTimeout(connect, delay);
        delay = Math.min(delay * 2, 30000);
      });
    }
    connect();
  }
  window.AulaLiveSocket = liveSocket;

  var notificationsPath = document.body.getAttribute("data-notifications-url");
  if (notificationsPath && "WebSocket" in window) {
    liveSocket(notificationsPath, function (message) {
      if (message.type === "count") {
        document.querySelectorAll("[data-notification-count]").forEach(function (badge) {
          badge.textContent = String(message.unread);
        });
      }
    });
  }

  /* Close the personal menu with Escape and when focus leaves it. */
  document.querySelectorAll(".user-menu-details").forEach(function (details) {
    details.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && details.open) {
        details.open = false;
        details.querySelector("summary").focus();
      }
    });
    details.addEventListener("focusout", function (event) {
      if (!details.contains(event.relatedTarget)) details.open = false;
    });
  });

  /* Move focus to a form's error summary so it is announced. */
  var summary = document.querySelector(".form-error-summary");
  if (summary) summary.focus();
})();
