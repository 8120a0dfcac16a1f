/* The H5P player: h5p-standalone renders the activity in its iframe from the protected
 * package files; inside the frame, h5p-frame.js sends the state and the xAPI statements.
 */
(function () {
    "use strict";
    var config = JSON.parse(document.getElementById("package-config").textContent);
    var container = document.getElementById("h5p-container");
    new window.H5PStandalone.H5P(container, config.player).then(function () {
        var frame = container.querySelector("iframe");
        if (frame) { frame.title = container.dataset.frameTitle; }
    }, function () {
        document.getElementById("h5p-failed").hidden = false;
    });
    var fullscreen = document.getElementById("package-fullscreen");
    var stage = document.getElementById("package-stage");
    if (fullscreen && stage.requestFullscreen) {
        fullscreen.hidden = false;
        fullscreen.addEventListener("click", function () { stage.requestFullscreen(); });
    }
    // Called from the frame once the server has a statement (or refused it).
    window.aulaH5pRecorded = function (ok) {
        var status = document.getElementById("package-status");
        status.textContent = ok ? status.dataset.saved : status.dataset.failed;
    };
})();
