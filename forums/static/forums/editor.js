/* Forums: what the forms do with a page load, done in the page.
 *
 * - reactions ("Utile", "Mi piace") are toggled with fetch: the count and the pressed state change;
 * - "Cita" puts a Markdown quote of the post (or of the text selected in it) in the reply box;
 * - "Anteprima" shows the text as it will be published, rendered by the server;
 * - typing @ and the start of a name suggests the people who can read the discussion.
 *
 * Without this file (or when a request fails) every form and link works as before, with a reload.
 */
(function () {
  "use strict";
  if (!window.fetch || !window.FormData || !window.URL) return;

  var JSON_HEADERS = { Accept: "application/json" };

  function csrfToken(form) {
    var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function say(editor, message) {
    var status = editor && editor.querySelector("[data-editor-status]");
    if (!status) return;
    status.textContent = "";
    window.setTimeout(function () { status.textContent = message; }, 50);
  }

  function text(editor, name) {
    return (editor && editor.getAttribute("data-text-" + name)) || "";
  }

  function postJson(url, form, body) {
    var headers = { Accept: "application/json", "X-CSRFToken": csrfToken(form) };
    return fetch(url, { method: "POST", body: body, headers: headers, credentials: "same-origin" });
  }

  /* Submit the form the ordinary way, with the button that was pressed. */
  function submitPlainly(form, button) {
    form.setAttribute("data-plain", "true");
    if (form.requestSubmit) form.requestSubmit(button);
    else form.submit();
  }

  // --- Reactions -----------------------------------------------------------------------------

  function showReactions(form, data) {
    form.querySelectorAll("button[name=kind]").forEach(function (button) {
      var kind = button.value;
      var count = button.querySelector("[data-count]");
      if (count && data.counts && kind in data.counts) count.textContent = String(data.counts[kind]);
      if (kind === data.kind) {
        button.setAttribute("aria-pressed", data.pressed ? "true" : "false");
        button.classList.toggle("btn-primary", data.pressed);
        button.classList.toggle("btn-outline-primary", !data.pressed);
      }
    });
  }

  function react(form, button) {
    var body = new FormData(form);
    body.append("kind", button.value);
    button.disabled = true;
    postJson(form.action, form, body)
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) { showReactions(form, data); })
      .catch(function () { submitPlainly(form, button); })
      .then(function () { button.disabled = false; });
  }

  // --- Preview -------------------------------------------------------------------------------

  function preview(editor, button) {
    var url = editor.getAttribute("data-preview-url");
    var source = editor.querySelector("textarea[name=source]");
    var target = editor.querySelector("[data-preview-target]");
    var body = target && target.querySelector("[data-preview-body]");
    if (!url || !source || !body) return false;
    var data = new FormData();
    data.append("source", source.value);
    postJson(url, editor, data)
      .then(function (response) {
        if (response.status >= 500) throw new Error(String(response.status));
        return response.json().then(function (json) { return { ok: response.ok, json: json }; });
      })
      .then(function (answer) {
        target.hidden = false;
        if (answer.ok && answer.json.html) {
          body.innerHTML = answer.json.html; // sanitised by the server's one markup function
          say(editor, text(editor, "preview-done"));
        } else {
          var paragraph = document.createElement("p");
          paragraph.textContent = answer.ok ? text(editor, "preview-empty") : answer.json.error;
          if (!answer.ok) paragraph.className = "text-danger";
          body.replaceChildren(paragraph);
          say(editor, paragraph.textContent);
        }
      })
      .catch(function () { submitPlainly(editor, button); });
    return true;
  }

  // --- Quote ---------------------------------------------------------------------------------

  var lastSelection = { text: "", post: null };

  function selectionIn(post) {
    var selection = window.getSelection ? window.getSelection() : null;
    if (!selection || selection.isCollapsed || !selection.rangeCount) return "";
    var body = post.querySelector(".forum-post-body");
    var range = selection.getRangeAt(0);
    if (!body || !body.contains(range.commonAncestorContainer)) return "";
    return selection.toString().trim();
  }

  function quote(link) {
    var editor = document.querySelector("#reply form[data-editor]");
    var source = editor && editor.querySelector("textarea[name=source]");
    var post = link.closest("[data-post-id]");
    if (!source || !post) return false;
    var chosen = selectionIn(post) || (lastSelection.post === post ? lastSelection.text : "");
    var url = new URL(link.href, window.location.href);
    url.hash = "";
    if (chosen) url.searchParams.set("testo", chosen);
    fetch(url.toString(), { headers: JSON_HEADERS, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        var before = source.value.replace(/\s+$/, "");
        source.value = (before ? before + "\n\n" : "") + data.source;
        var replyTo = editor.querySelector("input[name=reply_to]");
        if (replyTo) replyTo.value = String(data.reply_to);
        source.focus();
        source.setSelectionRange(source.value.length, source.value.length);
        source.scrollIntoView({ block: "center" });
        say(editor, text(editor, "quoted"));
      })
      .catch(function () { window.location.href = link.href; });
    return true;
  }

  // --- @mention suggestions ------------------------------------------------------------------

  var MENTION_BEFORE_CARET = /(^|[^\w@./+-])@([^\s@]{1,40})$/;
  var counter = 0;

  function Mentions(editor, source) {
    this.editor = editor;
    this.source = source;
    this.url = editor.getAttribute("data-mentions-url");
    this.people = [];
    this.active = -1;
    this.token = null;
    this.timer = null;
    this.asked = 0;
    counter += 1;
    this.list = document.createElement("ul");
    this.list.id = "forum-mentions-" + counter;
    this.list.className = "forum-mentions list-unstyled";
    this.list.setAttribute("role", "listbox");
    this.list.setAttribute("aria-label", text(editor, "suggestions-label"));
    this.list.hidden = true;
    source.insertAdjacentElement("afterend", this.list);
    source.setAttribute("aria-autocomplete", "list");
    source.setAttribute("aria-controls", this.list.id);
    source.addEventListener("input", this.onInput.bind(this));
    source.addEventListener("keydown", this.onKey.bind(this));
    source.addEventListener("blur", this.close.bind(this));
    this.list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    this.list.addEventListener("click", this.onClick.bind(this));
  }

  Mentions.prototype.typed = function () {
    var caret = this.source.selectionStart;
    if (caret !== this.source.selectionEnd) return null;
    var match = MENTION_BEFORE_CARET.exec(this.source.value.slice(0, caret));
    if (!match) return null;
    return { start: caret - match[2].length - 1, end: caret, query: match[2] };
  };

  Mentions.prototype.onInput = function () {
    var token = this.typed();
    window.clearTimeout(this.timer);
    if (!token) {
      this.close();
      return;
    }
    this.token = token;
    this.timer = window.setTimeout(this.ask.bind(this, token.query), 150);
  };

  Mentions.prototype.ask = function (query) {
    var self = this;
    var url = new URL(this.url, window.location.href);
    url.searchParams.set("q", query);
    var asked = (this.asked += 1);
    fetch(url.toString(), { headers: JSON_HEADERS, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        if (asked !== self.asked || !self.typed()) return;
        self.show(data.results || []);
      })
      .catch(function () { self.close(); });
  };

  Mentions.prototype.show = function (people) {
    var self = this;
    this.people = people;
    this.list.replaceChildren();
    if (!people.length) {
      this.close();
      say(this.editor, text(this.editor, "suggestions-none"));
      return;
    }
    people.forEach(function (person, index) {
      var option = document.createElement("li");
      option.id = self.list.id + "-" + index;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.setAttribute("data-index", String(index));
      option.className = "forum-mention-option";
      var name = document.createElement("span");
      name.className = "forum-mention-name";
      name.textContent = person.name;
      var handle = document.createElement("span");
      handle.className = "forum-mention-handle";
      handle.textContent = " @" + person.handle + (person.centre ? " · " + person.centre : "");
      option.append(name, handle);
      self.list.appendChild(option);
    });
    this.list.hidden = false;
    this.highlight(0);
    say(
      this.editor,
      people.length === 1
        ? text(this.editor, "suggestions-one")
        : text(this.editor, "suggestions-many").replace("{n}", String(people.length))
    );
  };

  Mentions.prototype.highlight = function (index) {
    var options = this.list.querySelectorAll("[role=option]");
    if (!options.length) return;
    this.active = (index + options.length) % options.length;
    options.forEach(function (option, position) {
      option.setAttribute("aria-selected", position === this.active ? "true" : "false");
    }, this);
    var current = options[this.active];
    this.source.setAttribute("aria-activedescendant", current.id);
    if (current.scrollIntoView) current.scrollIntoView({ block: "nearest" });
  };

  Mentions.prototype.isOpen = function () {
    return !this.list.hidden && this.people.length > 0;
  };

  Mentions.prototype.onKey = function (event) {
    if (!this.isOpen()) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      this.highlight(this.active + (event.key === "ArrowDown" ? 1 : -1));
    } else if (event.key === "Enter" || event.key === "Tab") {
      if (this.active < 0) return;
      event.preventDefault();
      this.choose(this.active);
    } else if (event.key === "Escape") {
      event.preventDefault();
      this.close();
    }
  };

  Mentions.prototype.onClick = function (event) {
    var option = event.target.closest("[role=option]");
    if (option) this.choose(parseInt(option.getAttribute("data-index"), 10));
  };

  Mentions.prototype.choose = function (index) {
    var person = this.people[index];
    var token = this.typed() || this.token;
    if (!person || !token) return;
    var value = this.source.value;
    var inserted = "@" + person.handle + " ";
    this.source.value = value.slice(0, token.start) + inserted + value.slice(token.end);
    var caret = token.start + inserted.length;
    this.source.focus();
    this.source.setSelectionRange(caret, caret);
    this.close();
    say(this.editor, person.name);
  };

  Mentions.prototype.close = function () {
    window.clearTimeout(this.timer);
    this.asked += 1;
    this.people = [];
    this.active = -1;
    this.list.hidden = true;
    this.list.replaceChildren();
    this.source.removeAttribute("aria-activedescendant");
  };

  // --- Wiring --------------------------------------------------------------------------------

  document.querySelectorAll("form[data-editor]").forEach(function (editor) {
    var source = editor.querySelector("textarea[name=source]");
    if (source && editor.getAttribute("data-mentions-url")) new Mentions(editor, source);
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.getAttribute("data-plain") === "true") {
      form.removeAttribute("data-plain");
      return;
    }
    var button = event.submitter;
    if (!button) return;
    if (form.hasAttribute("data-reactions") && button.name === "kind") {
      event.preventDefault();
      react(form, button);
    } else if (form.hasAttribute("data-editor") && button.name === "preview") {
      if (preview(form, button)) event.preventDefault();
    }
  });

  document.addEventListener(
    "pointerdown",
    function (event) {
      var link = event.target.closest && event.target.closest("a[data-quote]");
      if (!link) return;
      var post = link.closest("[data-post-id]");
      lastSelection = { text: post ? selectionIn(post) : "", post: post };
    },
    true
  );

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-quote]");
    if (!link || event.defaultPrevented || event.button !== 0) return;
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    if (quote(link)) event.preventDefault();
  });
})();
