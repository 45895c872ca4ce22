"""Copy evidence files kept on disk (MEDIA_ROOT) into the database, for a site that kept
them on disk before moving to the database storage (core.storage).

Each file is checked against its record (size and SHA-256 as uploaded) before it is
copied, and copied in one transaction: a file is in the database whole or not at all.
Records and their history are not touched: the file keeps its name. Files already in
the database are left as they are, so the command may be run again; the files on disk
are left too, for the operator to remove once a restore drill has passed. Exits
non-zero if any file is missing or is not as recorded.
"""

import hashlib
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.storage import DatabaseStorage
from plans.models import Evidence


class Command(BaseCommand):
    help = "Copy evidence files from MEDIA_ROOT into the database, checked against each record."

    def handle(self, *args: Any, **options: Any) -> None:
        target = storages["default"]
        if not isinstance(target, DatabaseStorage):
            raise CommandError(
                "Evidence is not kept in the database here: set PEELTRACK_EVIDENCE_STORAGE="
                "database (the default with a PostgreSQL DATABASE_URL)."
            )
        disk = FileSystemStorage(location=settings.MEDIA_ROOT)
        copied = present = 0
        problems = []
        for evidence in Evidence.objects.order_by("id").only("id", "file", "size", "sha256"):
            name = evidence.file.name
            assert name, "Every evidence record names its file."
            if target.exists(name):
                present += 1
                continue
            try:
                handle = disk.open(name, "rb")
            except FileNotFoundError:
                problems.append(f"evidence {evidence.pk}: {name} is not in {settings.MEDIA_ROOT}")
                continue
            with handle:
                digest, size = hashlib.sha256(), 0
                for chunk in handle.chunks():
                    digest.update(chunk)
                    size += len(chunk)
                if (size, digest.hexdigest()) != (evidence.size, evidence.sha256):
                    problems.append(f"evidence {evidence.pk}: {name} is not the file uploaded")
                    continue
                handle.seek(0)
                with transaction.atomic():
                    stored = target.save(name, handle)
                    if stored != name:
                        raise CommandError(f"{name} was stored as {stored}: nothing copied.")
            copied += 1
        self.stdout.write(f"{copied} evidence files copied, {present} in the database already.")
        for problem in problems:
            self.stdout.write(f"BAD {problem}")
        if problems:
            raise CommandError(f"{len(problems)} evidence files could not be copied.")
