"""Extension point: other apps add panels to a person's training record.

An app registers, in its wagtail_hooks.py::

    @hooks.register("aula_training_record_panels")
    def certificates_panel(request, person) -> str: ...

Each function returns rendered HTML (or "") for the record of ``person`` as
``request.user`` sees it (the page has already checked that they may), in a
fixed number of queries; panels follow the record's own content.
"""

TRAINING_RECORD_PANELS = "aula_training_record_panels"
