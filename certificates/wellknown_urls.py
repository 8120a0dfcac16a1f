"""Addresses under /.well-known/ (RFC 8615): the keys that verify the platform's credentials."""

from django.urls import path

from . import views

app_name = "certificates_wellknown"

urlpatterns = [path("jwks.json", views.jwks, name="jwks")]
