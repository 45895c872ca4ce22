"""SQLite as peeltrack uses it: write-ahead logging, and append-only tables enforced.

* WAL lets pages keep reading while an import writes, instead of waiting on it.
* The append-only triggers (core.append_only) call peeltrack_rewrites_allowed(),
  which answers 0 except while Django empties every table at once (``flush``, as the
  test runner does between tests). Opened without this backend, for instance from the
  sqlite3 shell, the function does not exist and the triggers refuse all the same.
"""

import sqlite3
from collections.abc import Iterable
from typing import Any

from django.db.backends.sqlite3 import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    connection: "DatabaseWrapper"

    def execute_sql_flush(self, sql_list: Iterable[str]) -> None:
        # Emptying the whole database is not rewriting history: allow it, and only it.
        self.connection.rewrites_allowed = True
        try:
            super().execute_sql_flush(sql_list)
        finally:
            self.connection.rewrites_allowed = False


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rewrites_allowed = False

    def get_new_connection(self, conn_params: Any) -> sqlite3.Connection:
        connection: sqlite3.Connection = super().get_new_connection(conn_params)
        connection.create_function(
            "peeltrack_rewrites_allowed", 0, lambda: 1 if self.rewrites_allowed else 0
        )
        if str(self.settings_dict["NAME"]) != ":memory:" and "mode=memory" not in str(
            self.settings_dict["NAME"]
        ):
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
        return connection
