"""gunicorn's settings for peeltrack, read by gunicorn from the folder it starts in.

A request line longer than gunicorn's limit (4,094 characters by default) would get
gunicorn's own HTML 414, which an API client cannot read. gunicorn's limit is lifted
here (0: gunicorn still stops at 1 MB), and peeltrack refuses an address longer than
PEELTRACK_MAX_ADDRESS_LENGTH itself, in JSON under /api/ and as a page elsewhere
(core.middleware.LongAddressMiddleware).
"""

limit_request_line = 0
