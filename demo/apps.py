from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data and its ``seed_demo`` command: installed by the dev and test settings only."""

    name = "demo"
    verbose_name = "Demo"
