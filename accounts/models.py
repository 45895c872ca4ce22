from django.conf import settings
from django.db import models

from forces.models import Force


class Role(models.TextChoices):
    """The three kinds of user; each is a Django group with its permissions."""

    INSPECTOR = "inspector", "Inspector"
    LIAISON = "liaison", "Force liaison"
    MANAGER = "manager", "Manager"


# Group names as administrators see them in the admin.
ROLE_GROUPS = {
    Role.INSPECTOR: "Inspectors",
    Role.LIAISON: "Force liaisons",
    Role.MANAGER: "Managers",
}


class Liaison(models.Model):
    """Assigns a force liaison to the one force whose work they keep up to date."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="liaison"
    )
    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="liaisons")

    class Meta:
        ordering = ["force", "user"]

    def __str__(self):
        return f"{self.user} for {self.force}"


class SignInFailure(models.Model):
    """A failed sign-in, kept briefly so repeated guessing can be slowed down."""

    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{self.username} at {self.at:%Y-%m-%d %H:%M}"
