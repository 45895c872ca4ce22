// Warns two minutes before a sign-in times out, with a way to stay signed in. If the time
// runs out, what was being typed is kept (unsaved-input.mjs) and the person is taken to
// sign in again, then brought back to the same page with it put back.
import { keepForm } from "./unsaved-input.mjs";

const WARN_BEFORE_SECONDS = 120;

function csrfToken() {
  const field = document.querySelector('input[name="csrfmiddlewaretoken"]');
  return field ? field.value : "";
}

export function warnBeforeTimeout() {
  const body = document.body;
  const dialog = document.getElementById("timeout-dialog");
  const seconds = Number(body.dataset.sessionExpiresIn);
  if (!dialog || !seconds) return;
  let warnTimer;
  let endTimer;

  function signOutNow() {
    const typed = [...document.querySelectorAll('form[method="post"]')].find((form) =>
      [...form.elements].some((f) => (f.type === "text" || f.tagName === "TEXTAREA") && f.value !== f.defaultValue),
    );
    if (typed) keepForm(typed);
    const next = encodeURIComponent(location.pathname + location.search);
    location.assign(`/sign-in/?timed_out=1&next=${next}`);
  }

  function schedule(remaining) {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    warnTimer = setTimeout(() => dialog.showModal(), Math.max(0, remaining - WARN_BEFORE_SECONDS) * 1000);
    endTimer = setTimeout(signOutNow, remaining * 1000);
  }

  dialog.querySelector("[data-stay-signed-in]").addEventListener("click", async () => {
    const response = await fetch(dialog.dataset.keepAliveUrl, {
      method: "POST",
      headers: { "X-CSRFToken": csrfToken() },
      credentials: "same-origin",
    });
    dialog.close();
    if (response.ok) {
      schedule((await response.json()).expires_in);
    } else {
      signOutNow();
    }
  });
  schedule(seconds);
}
