"""core owns no tables; this module lets Django send it post_migrate (see apps.py)."""
