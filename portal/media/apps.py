from django.apps import AppConfig
from django.conf import settings
from django.core.signals import setting_changed
from django.utils.translation import gettext_lazy as _


def _set_pillow_pixel_limit(**kwargs):
    """Pillow's own bomb guard (a module global, so set once here rather than per request).

    portal.media.validation checks UPLOAD_MAX_PIXELS itself before decoding; this is the backstop for any Pillow use in
    the process: Pillow warns above the limit and raises DecompressionBombError above twice the limit.
    """
    if kwargs and kwargs.get("setting") != "UPLOAD_MAX_PIXELS":
        return
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = settings.UPLOAD_MAX_PIXELS


class MediaConfig(AppConfig):
    name = "portal.media"
    label = "media"
    verbose_name = _("Uploaded files")

    def ready(self):
        _set_pillow_pixel_limit()
        # Tests override settings; keep the backstop in step (single-threaded there, so the global is harmless).
        setting_changed.connect(_set_pillow_pixel_limit, dispatch_uid="portal.media.pillow_pixel_limit")
