// Follows a bulk certificate issue: polls its JSON status and updates the progress bar.
// Without JavaScript the page shows the same numbers on every reload.
(function () {
    "use strict";
    var box = document.querySelector("[data-issue-run]");
    if (!box || box.dataset.active !== "true") {
        return;
    }
    var bar = box.querySelector("[data-run-bar]");
    var summary = box.querySelector("[data-run-summary]");
    var state = box.querySelector("[data-run-state]");
    var error = box.querySelector("[data-run-error]");
    var hint = box.querySelector("[data-run-hint]");
    var interval = 1000;

    function show(progress) {
        bar.max = Math.max(progress.total, 1);
        bar.value = progress.processed;
        bar.textContent = progress.percent + "%";
        summary.textContent = progress.summary;
        state.textContent = progress.state_label;
        if (progress.error) {
            error.textContent = progress.error;
            error.hidden = false;
        }
        if (!progress.active) {
            hint.hidden = true;
            box.dataset.active = "false";
        }
    }

    function poll() {
        fetch(box.dataset.statusUrl, {credentials: "same-origin", headers: {Accept: "application/json"}})
            .then(function (response) {
                if (!response.ok) {
                    throw new Error(response.status);
                }
                return response.json();
            })
            .then(function (progress) {
                show(progress);
                if (progress.active) {
                    window.setTimeout(poll, interval);
                }
            })
            .catch(function () {
                // A network hiccup: try again, more slowly.
                interval = Math.min(interval * 2, 15000);
                window.setTimeout(poll, interval);
            });
    }

    window.setTimeout(poll, interval);
})();
