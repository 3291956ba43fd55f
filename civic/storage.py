"""Storage for files that only some people may see (application attachments).

They live under ``settings.PRIVATE_MEDIA_ROOT``, outside the public web root,
have no public URL, and reach a browser only through a view that checks who
is asking. The location is read from settings on each use, so tests can point
it at a temporary folder.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible(path="civic.storage.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a view.")


private_storage = PrivateStorage()
