"""core's one table: files kept in the database, a piece a row (core.storage)."""

from django.db import models


class StoredFileChunk(models.Model):
    """One piece of a file kept in the database by core.storage.DatabaseStorage.

    Pieces, not one value a file: a 20 MB file is written and read back a piece at a
    time, never held whole in memory, and each row stays well below what PostgreSQL
    moves comfortably in one value.
    """

    pk = models.CompositePrimaryKey("name", "seq")
    name = models.CharField(max_length=300)
    seq = models.PositiveIntegerField(help_text="The piece's place in the file, from 0.")
    data = models.BinaryField()

    class Meta:
        ordering = ["name", "seq"]

    def __str__(self) -> str:
        return f"{self.name} [{self.seq}]"
