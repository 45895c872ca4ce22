"""gunicorn's settings for peeltrack, read by gunicorn from the folder it starts in.

A request line longer than gunicorn's limit (4,094 characters by default) would get
gunicorn's own HTML 414, which an API client cannot read. gunicorn's limit is lifted
here (0: gunicorn still stops at 1 MB), and peeltrack refuses an address longer than
PEELTRACK_MAX_ADDRESS_LENGTH itself, in JSON under /api/ and as a page elsewhere
(core.middleware.LongAddressMiddleware).
"""

limit_request_line = 0

# gthread workers: each worker answers several requests at once on threads, so a request
# waiting on the database, or a client slow to read its answer, does not stop the worker
# answering anyone else (a sync worker is one request at a time). Slow clients are kept
# off the app servers altogether by nginx in front (deploy/nginx.conf.template), which
# reads a whole request before passing it on. Command-line options override these.
import os  # noqa: E402

worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
