/* The SCORM player: scorm-again's API in this window, the SCO in the iframe.
 *
 * The runtime checks every call as the standard says and commits to the server
 * (flattened CMI, only the elements a SCO may set, with the signed launch token);
 * the server checks them again. After Terminate/LMSFinish, a SCORM 2004
 * adl.nav.request (continue, previous, choice, exit) moves to another SCO.
 */
(function () {
    "use strict";
    var config = JSON.parse(document.getElementById("package-config").textContent);
    var writable = config.writable.map(function (pattern) { return new RegExp("^" + pattern + "$"); });
    var initial = config.cmi;
    var is12 = config.standard === "scorm12";

    function payload(commit) {
        var data = {};
        Object.keys(commit).forEach(function (key) {
            var value = commit[key];
            if (value === null || value === undefined || typeof value === "object") { return; }
            value = String(value);
            if (value === "" && !/\.exit$/.test(key)) { return; }
            if (initial[key] === value) { return; }  // the server has it already
            if (is12 && key === "cmi.core.lesson_status" && value === "not attempted") { return; }
            if (writable.some(function (re) { return re.test(key); })) { data[key] = value; }
        });
        return {token: config.token, data: data};
    }

    var settings = {
        lmsCommitUrl: config.commitUrl,
        dataCommitFormat: "flattened",
        autocommit: true,
        autocommitSeconds: 30,
        terminateCommitParam: "terminate",
        commitRequestDataType: "application/json;charset=UTF-8",
        requestHandler: payload,
        logLevel: 4
    };
    var api = is12 ? new window.Scorm12API(settings) : new window.Scorm2004API(settings);
    api.loadFromFlattenedJSON(initial, "");
    if (is12) { window.API = api; } else { window.API_1484_11 = api; }

    var navRequest = null;
    var terminated = false;
    if (!is12) {
        api.on("SetValue.adl.nav.request", function (element, value) { navRequest = value; });
    }

    function go(identifier) {
        window.location.href = config.playerUrl + (identifier ? "?voce=" + encodeURIComponent(identifier) : "");
    }

    function afterTerminate() {
        terminated = true;
        var status = document.getElementById("package-status");
        if (status) { status.textContent = status.dataset.saved; }
        if (!navRequest || navRequest === "_none_") { return; }
        var index = config.items.indexOf(config.current);
        var choice = /^\{target=([^}]+)\}(choice|jump)$/.exec(navRequest);
        if (navRequest === "continue" && index + 1 < config.items.length) {
            go(config.items[index + 1]);
        } else if (navRequest === "previous" && index > 0) {
            go(config.items[index - 1]);
        } else if (choice && config.items.indexOf(choice[1]) !== -1) {
            go(choice[1]);
        } else if (/^(exit|exitAll|suspendAll|abandon|abandonAll)$/.test(navRequest)) {
            window.location.href = config.exitUrl;
        }
    }
    api.on(is12 ? "LMSFinish" : "Terminate", function () { window.setTimeout(afterTerminate, 0); });

    // Leaving the page without the SCO finishing: end the session so its data is kept.
    window.addEventListener("pagehide", function () {
        if (terminated || !api.isInitialized()) { return; }
        if (is12) { api.LMSFinish(""); } else { api.Terminate(""); }
    });

    var frame = document.getElementById("package-frame");
    var fullscreen = document.getElementById("package-fullscreen");
    if (fullscreen && frame.requestFullscreen) {
        fullscreen.hidden = false;
        fullscreen.addEventListener("click", function () {
            document.getElementById("package-stage").requestFullscreen();
        });
    }
    frame.src = frame.dataset.src;
})();
