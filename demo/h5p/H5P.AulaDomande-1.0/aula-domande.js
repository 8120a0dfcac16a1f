/* H5P.AulaDomande 1.0: a short text, then multiple-choice questions checked one by one.
 *
 * Each checked question sends an xAPI "answered" statement with the score so far; the
 * last one sends "completed" with the final score and whether it reached the pass mark.
 * getCurrentState() gives H5P the answers given, so a learner resumes where they were.
 * Parameters (content.json): {title, text: [{heading, body}], questions:
 * [{question, answers: [{text, correct}]}], passPercentage}.
 */
var H5P = window.H5P = window.H5P || {};

H5P.AulaDomande = (function ($, EventDispatcher) {
    "use strict";

    function AulaDomande(params, contentId, extras) {
        EventDispatcher.call(this);
        this.params = params || {};
        this.contentId = contentId;
        var questions = Array.isArray(this.params.questions) ? this.params.questions : [];
        this.questions = questions.filter(function (q) {
            return q && typeof q.question === "string" && Array.isArray(q.answers) && q.answers.length;
        });
        this.chosen = this.questions.map(function () { return null; });
        this.checked = this.questions.map(function () { return false; });
        var previous = extras && extras.previousState;
        if (previous && Array.isArray(previous.chosen) && Array.isArray(previous.checked)) {
            for (var i = 0; i < this.questions.length; i++) {
                var answer = previous.chosen[i];
                if (typeof answer === "number" && answer >= 0 && answer < this.questions[i].answers.length) {
                    this.chosen[i] = answer;
                    this.checked[i] = previous.checked[i] === true;
                }
            }
            this.resumed = this.checked.some(function (c) { return c; });
        }
    }

    AulaDomande.prototype = Object.create(EventDispatcher.prototype);
    AulaDomande.prototype.constructor = AulaDomande;

    AulaDomande.prototype.getScore = function () {
        var self = this;
        return this.questions.reduce(function (sum, q, i) {
            return sum + (self.checked[i] && q.answers[self.chosen[i]].correct === true ? 1 : 0);
        }, 0);
    };

    AulaDomande.prototype.getMaxScore = function () { return this.questions.length; };

    AulaDomande.prototype.getAnswerGiven = function () {
        return this.checked.some(function (c) { return c; });
    };

    AulaDomande.prototype.getCurrentState = function () {
        return {chosen: this.chosen.slice(), checked: this.checked.slice()};
    };

    AulaDomande.prototype.attach = function ($container) {
        var self = this;
        var root = document.createElement("div");
        root.className = "aula-domande";
        var title = document.createElement("h2");
        title.textContent = this.params.title || "";
        root.appendChild(title);
        if (this.resumed) {
            var welcome = document.createElement("p");
            welcome.className = "aula-ripresa";
            welcome.textContent = "Bentornata, bentornato: le risposte già date sono state ripristinate.";
            root.appendChild(welcome);
        }
        (Array.isArray(this.params.text) ? this.params.text : []).forEach(function (part) {
            var heading = document.createElement("h3");
            heading.textContent = part.heading || "";
            var body = document.createElement("p");
            body.textContent = part.body || "";
            root.appendChild(heading);
            root.appendChild(body);
        });
        this.summary = document.createElement("p");
        this.summary.className = "aula-riepilogo";
        this.summary.setAttribute("role", "status");
        this.questions.forEach(function (question, index) {
            root.appendChild(self.renderQuestion(question, index));
        });
        root.appendChild(this.summary);
        this.showSummary();
        $container.addClass("h5p-aula-domande").empty().append(root);
        this.trigger("resize");
    };

    AulaDomande.prototype.renderQuestion = function (question, index) {
        var self = this;
        var fieldset = document.createElement("fieldset");
        var legend = document.createElement("legend");
        legend.textContent = "Domanda " + (index + 1) + " di " + this.questions.length + ": " + question.question;
        fieldset.appendChild(legend);
        var inputs = question.answers.map(function (answer, choice) {
            var row = document.createElement("div");
            row.className = "aula-scelta";
            var input = document.createElement("input");
            input.type = "radio";
            input.name = "aula-" + self.contentId + "-" + index;
            input.id = input.name + "-" + choice;
            input.value = String(choice);
            input.checked = self.chosen[index] === choice;
            input.addEventListener("change", function () { self.chosen[index] = choice; });
            var label = document.createElement("label");
            label.htmlFor = input.id;
            label.textContent = answer.text;
            row.appendChild(input);
            row.appendChild(label);
            fieldset.appendChild(row);
            return input;
        });
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = "Controlla la risposta";
        var feedback = document.createElement("p");
        feedback.className = "aula-esito";
        feedback.setAttribute("role", "status");
        fieldset.appendChild(button);
        fieldset.appendChild(feedback);

        function lock() {
            inputs.forEach(function (input) { input.disabled = true; });
            button.disabled = true;
            var right = question.answers[self.chosen[index]].correct === true;
            feedback.className = "aula-esito " + (right ? "aula-giusta" : "aula-sbagliata");
            var correct = question.answers.filter(function (a) { return a.correct === true; })[0];
            feedback.textContent = right
                ? "Risposta corretta."
                : "Risposta non corretta: la risposta giusta è «" + (correct ? correct.text : "") + "».";
        }

        button.addEventListener("click", function () {
            if (self.checked[index]) { return; }
            if (self.chosen[index] === null) {
                feedback.className = "aula-esito";
                feedback.textContent = "Scegli una risposta.";
                return;
            }
            self.checked[index] = true;
            lock();
            self.answered();
        });
        if (this.checked[index]) { lock(); }
        return fieldset;
    };

    AulaDomande.prototype.answered = function () {
        var score = this.getScore();
        var max = this.getMaxScore();
        this.triggerXAPIScored(score, max, "answered");
        if (this.checked.every(function (c) { return c; })) {
            var pass = typeof this.params.passPercentage === "number" ? this.params.passPercentage : 100;
            this.triggerXAPIScored(score, max, "completed", true, max > 0 && score * 100 >= pass * max);
        }
        // Saved at once rather than at the next autosave: the learner may close the page now.
        H5P.setUserData(this.contentId, "state", this.getCurrentState(), {deleteOnChange: true});
        this.showSummary();
        this.trigger("resize");
    };

    AulaDomande.prototype.showSummary = function () {
        if (!this.checked.every(function (c) { return c; })) {
            this.summary.hidden = true;
            return;
        }
        this.summary.hidden = false;
        this.summary.textContent = "Hai risposto correttamente a " + this.getScore() + " domande su " + this.getMaxScore() + ".";
    };

    return AulaDomande;
})(H5P.jQuery, H5P.EventDispatcher);
