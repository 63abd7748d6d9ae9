"""Uploaded files are checked by what they contain, not by what they are called."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}
NAMES = {"application/pdf": "PDF", "image/png": "PNG", "image/jpeg": "JPEG"}


def sniff_content_type(upload) -> str | None:
    """The type that the file's first bytes declare, or None when it is none we accept."""
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(16)
    upload.seek(position)
    return next((kind for magic, kind in SIGNATURES.items() if head.startswith(magic)), None)


@deconstructible
class FileContentValidator:
    """At most ``max_bytes`` (by default DOCUMENT_MAX_BYTES, read when a file is checked, so the
    setting needs no migration) and one of ``content_types`` by content."""

    def __init__(self, max_bytes: int | None = None, content_types=tuple(NAMES)):
        self.max_bytes = max_bytes
        self.content_types = tuple(content_types)

    def __call__(self, upload):
        limit = self.max_bytes or settings.DOCUMENT_MAX_BYTES
        if upload.size > limit:
            raise ValidationError(
                _("The file is %(size)s; files may be at most %(limit)s."),
                code="file_too_large",
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            )
        if sniff_content_type(upload) not in self.content_types:
            raise ValidationError(
                _("The file is not a %(types)s document, whatever its name says."),
                code="file_type",
                params={"types": " / ".join(NAMES[t] for t in self.content_types)},
            )

    def __eq__(self, other):
        return isinstance(other, FileContentValidator) and (self.max_bytes, self.content_types) == (
            other.max_bytes,
            other.content_types,
        )
