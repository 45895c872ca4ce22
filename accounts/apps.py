from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "People, roles and sign-in"


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin on peeltrack's site (accounts.admin_site), loaded when first used."""

    default = False  # named in INSTALLED_APPS; AccountsConfig is this module's default
    default_site = "accounts.admin_site.AdminSite"
