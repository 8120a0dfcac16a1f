/* Runs inside h5p-standalone's frame (its customJs): the CSRF token and the launch token
 * on H5P's own state requests, and the xAPI statements about the whole activity posted
 * to the server, which sets the attempt's completion and score from them.
 */
(function () {
    "use strict";
    var config = JSON.parse(window.parent.document.getElementById("package-config").textContent);
    var headers = {"X-CSRFToken": config.csrfToken, "X-Aula-Launch": config.token};
    var tracked = ["answered", "completed", "passed", "failed"];
    window.H5P.jQuery.ajaxSetup({headers: headers});
    window.H5P.externalDispatcher.on("xAPI", function (event) {
        var statement = event.data && event.data.statement;
        if (!statement || !statement.verb || !statement.object) { return; }
        if (String(statement.object.id || "").indexOf("subContentId=") !== -1) { return; }
        var verb = String(statement.verb.id || "").split("/").pop();
        if (tracked.indexOf(verb) === -1) { return; }
        var url = new URL(config.xapiUrl, window.parent.location.href).href;
        window.fetch(url, {
            method: "POST",
            credentials: "same-origin",
            headers: Object.assign({"Content-Type": "application/json"}, headers),
            body: JSON.stringify({verb: statement.verb, result: statement.result || {}})
        }).then(function (response) {
            window.parent.aulaH5pRecorded(response.ok);
        }, function () {
            window.parent.aulaH5pRecorded(false);
        });
    });
})();
