"""Extension point: other apps add panels to an edition's register page.

An app registers, in its wagtail_hooks.py::

    @hooks.register("aula_register_panels")
    def exports_panel(request, edition) -> str: ...

Each function returns rendered HTML (or "") and checks its own permissions;
panels appear after the register (see ``courses.panels.render_panels``).
"""

REGISTER_PAGE_PANELS = "aula_register_panels"
