"""The accounts' jobs: the password reset link (see core.jobs for when it runs)."""

from __future__ import annotations

from django.utils import translation

from core.jobs import job


@job("accounts.send_password_reset")
def send_password_reset(
    *,
    email: str,
    language: str,
    domain: str,
    use_https: bool,
    subject_template_name: str,
    email_template_name: str,
    html_email_template_name: str | None,
    extra_email_context: dict[str, str],
) -> None:
    """Send a reset link to each active account with the address typed, in that
    person's language (the form's send_mail; `language`, the page's, is only the
    default around it); nothing if there is none. The request already
    checked and counted the attempt (the throttle); the link is made here, so it is never
    stored in the queue."""
    from .forms import ThrottledPasswordResetForm  # the form queues this job

    form = ThrottledPasswordResetForm()
    form.cleaned_data = {"email": email}
    with translation.override(language):
        form.send_links(
            domain=domain,
            use_https=use_https,
            subject_template_name=subject_template_name,
            email_template_name=email_template_name,
            html_email_template_name=html_email_template_name,
            extra_email_context=extra_email_context,
        )
