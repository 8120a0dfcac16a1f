/* Forums: the open topic page follows its topic live. Without this file the page works by reloading. */
(function () {
  "use strict";
  var root = document.getElementById("forum-topic");
  if (!root || !("WebSocket" in window) || !window.AulaLiveSocket || !window.fetch) return;

  var topicId = parseInt(root.getAttribute("data-topic"), 10);
  var after = parseInt(root.getAttribute("data-after"), 10) || 0;
  var fragmentUrl = root.getAttribute("data-fragment-url");
  var onLastPage = root.getAttribute("data-last-page") === "true";
  var lastPageUrl = root.getAttribute("data-last-page-url");
  var posts = document.getElementById("forum-posts");
  var status = document.getElementById("forum-live-status");
  var notice = document.getElementById("forum-live-notice");
  var HIGHLIGHT_MS = 6000; // how long a post that arrived live stands out

  function text(name) {
    return root.getAttribute("data-text-" + name) || "";
  }

  function announce(message) {
    status.textContent = "";
    window.setTimeout(function () { status.textContent = message; }, 50);
  }

  function showNotice(message, linkText, href) {
    notice.textContent = message + " ";
    if (linkText) {
      var link = document.createElement("a");
      link.href = href;
      link.textContent = linkText;
      notice.appendChild(link);
    }
    notice.hidden = false;
  }

  function removePost(id) {
    var element = document.getElementById("post-" + id);
    if (element) {
      element.remove();
      announce(text("removed"));
    }
  }

  function insertInOrder(element, id) {
    var next = null;
    posts.querySelectorAll("[data-post-id]").forEach(function (candidate) {
      if (next === null && parseInt(candidate.getAttribute("data-post-id"), 10) > id) next = candidate;
    });
    posts.insertBefore(element, next);
  }

  function showPost(id, html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    var element = template.content.firstElementChild;
    if (!element) return;
    var existing = document.getElementById("post-" + id);
    if (existing) {
      existing.replaceWith(element);
      announce(text("changed"));
      return;
    }
    if (!onLastPage) {
      showNotice(text("elsewhere"), text("elsewhere-link"), lastPageUrl);
      return;
    }
    element.classList.add("forum-post--arrived");
    insertInOrder(element, id);
    window.setTimeout(function () { element.classList.remove("forum-post--arrived"); }, HIGHLIGHT_MS);
    var author = element.querySelector("h2");
    announce(text("new") + (author ? " " + author.textContent.trim() : ""));
  }

  function fetchPost(id) {
    fetch(fragmentUrl.replace("/0/", "/" + id + "/"), { credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 404) {
          removePost(id);
          return null;
        }
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (html) showPost(id, html);
      })
      .catch(function () { /* The next reload shows it. */ });
  }

  function handle(message) {
    if (message.topic !== topicId) return;
    if (message.type === "event") {
      if (message.id > after) after = message.id;
      if (message.kind === "topic_changed") {
        showNotice(text("topic-changed"), text("reload"), window.location.href);
      } else if (message.kind === "post_removed") {
        removePost(message.post);
      } else if (message.post) {
        fetchPost(message.post);
      }
    } else if (message.type === "resync") {
      showNotice(text("resync"), text("reload"), window.location.href);
    } else if (message.type === "revoked" || message.type === "refused") {
      showNotice(text("revoked"));
    }
  }

  window.AulaLiveSocket(root.getAttribute("data-live-url"), handle, function (socket) {
    socket.send(JSON.stringify({ type: "follow", topic: topicId, after: after }));
  });
})();
