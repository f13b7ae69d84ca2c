"""Refusing an oversized upload while it arrives, not after it has filled the disk.

Django stores an uploaded file (in memory, then in a temporary file) before the view sees
it. The handler below goes first in the request's chain: once a file passes the limit it
skips the rest of that file (``SkipFile``: read and dropped, never written) and marks the
request, so the form can say why. The other fields of the form still arrive, so nothing else
the user entered is lost. Upload handlers can only be changed before anything reads
``request.POST``, which CSRF checking does: hence the view's ``csrf_exempt`` outer layer
around a ``csrf_protect`` inner view (Django's documented pattern).
"""

from __future__ import annotations

from django.core.files.uploadhandler import FileUploadHandler, SkipFile

TOO_LARGE_FLAG = "photo_upload_too_large"


class SizeLimitUploadHandler(FileUploadHandler):
    def __init__(self, request, *, limit: int):
        super().__init__(request)
        self.limit = limit

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            setattr(self.request, TOO_LARGE_FLAG, True)
            raise SkipFile()
        return raw_data  # the next handler stores it

    def file_complete(self, file_size):
        return None  # the next handler makes the file


def limit_upload_size(request, *, limit: int) -> None:
    """Put the size limit first in ``request``'s upload handlers (before POST is read)."""
    setattr(request, TOO_LARGE_FLAG, False)
    request.upload_handlers.insert(0, SizeLimitUploadHandler(request, limit=limit))


def upload_was_too_large(request) -> bool:
    return getattr(request, TOO_LARGE_FLAG, False)
