from django.apps import AppConfig


class PolicingBodiesConfig(AppConfig):
    """The local policing bodies (police and crime commissioners and the others the Police
    Act 1996 names) and their 56-day responses to the inspectorate's reports."""

    name = "policing_bodies"
    verbose_name = "Local policing bodies and their responses"
    # Rows that are never changed or removed (see core.append_only).
    append_only = ["PublicationDay", "Response"]
