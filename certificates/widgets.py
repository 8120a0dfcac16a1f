"""The template images' upload field: a preview through the admin, never a /media/ link."""

from django.forms import ClearableFileInput
from django.urls import reverse


class PrivateImageInput(ClearableFileInput):
    """Django's file input, with the stored image shown through a permission-checked view."""

    template_name = "certificates/admin/private_image_input.html"

    def __init__(self, attrs=None):
        super().__init__({"accept": "image/png,image/jpeg", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        instance = getattr(value, "instance", None)
        if value and instance is not None and instance.pk:
            context["widget"]["preview_url"] = reverse(
                "certificate_templates:image", args=[instance.pk, value.field.name]
            )
        return context
