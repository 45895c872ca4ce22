// Nothing typed is lost when a sign-in times out. When a form is sent (or the sign-in is
// about to time out), what was typed is kept in this tab's sessionStorage; if the person
// comes back to the same page straight from signing in again, it is put back and they are
// told so. Passwords and files are never kept.
const KEY = "peeltrack:unsaved";
const NOT_KEPT = ["/sign-in/", "/sign-out/", "/account/"];

function postForms() {
  return [...document.querySelectorAll('form[method="post"]')].filter((form) => {
    const action = new URL(form.getAttribute("action") || location.href, location.href);
    return !NOT_KEPT.some((path) => action.pathname.startsWith(path));
  });
}

function actionOf(form) {
  return new URL(form.getAttribute("action") || location.href, location.href).pathname;
}

export function keepForm(form) {
  const values = [];
  for (const field of form.elements) {
    if (!field.name || field.name === "csrfmiddlewaretoken") continue;
    if (field.type === "file" || field.type === "password" || field.type === "submit") continue;
    if (field.type === "checkbox" || field.type === "radio") {
      if (field.checked) values.push([field.name, field.value, true]);
      continue;
    }
    values.push([field.name, field.value]);
  }
  sessionStorage.setItem(
    KEY,
    JSON.stringify({ page: location.pathname + location.search, action: actionOf(form), values }),
  );
}

export function keepUnsavedInput() {
  for (const form of postForms()) {
    form.addEventListener("submit", () => keepForm(form));
  }
}

function tell(main) {
  const banner = document.createElement("div");
  banner.className = "govuk-notification-banner";
  banner.setAttribute("role", "region");
  banner.setAttribute("aria-labelledby", "restored-title");
  banner.id = "restored-input";
  banner.innerHTML =
    '<div class="govuk-notification-banner__header">' +
    '<h2 class="govuk-notification-banner__title" id="restored-title">Important</h2></div>' +
    '<div class="govuk-notification-banner__content"><p class="govuk-notification-banner__heading">' +
    "Your sign-in timed out before your changes were saved. What you typed has been put back " +
    "below: check it and save again.</p></div>";
  main.prepend(banner);
  banner.setAttribute("tabindex", "-1");
  banner.focus();
}

export function restoreUnsavedInput() {
  const saved = JSON.parse(sessionStorage.getItem(KEY) || "null");
  if (!saved || location.pathname.startsWith("/sign-in/")) return;
  sessionStorage.removeItem(KEY);
  const fromSignIn =
    document.referrer && new URL(document.referrer).pathname.startsWith("/sign-in/");
  if (!fromSignIn || saved.page !== location.pathname + location.search) return;
  const form = postForms().find((candidate) => actionOf(candidate) === saved.action);
  if (!form) return;
  const choices = new Set(saved.values.filter((v) => v[2]).map((v) => `${v[0]}\u0000${v[1]}`));
  for (const field of form.elements) {
    if (!field.name || field.name === "csrfmiddlewaretoken" || field.type === "file") continue;
    if (field.type === "checkbox" || field.type === "radio") {
      field.checked = choices.has(`${field.name}\u0000${field.value}`);
      continue;
    }
    const found = saved.values.find((v) => v[0] === field.name && !v[2]);
    if (found) field.value = found[1];
  }
  // Conditional GOV.UK radios show the fields their restored choice reveals.
  form.querySelectorAll(".govuk-radios__input:checked").forEach((radio) => {
    radio.dispatchEvent(new Event("click", { bubbles: true }));
  });
  tell(document.querySelector("main") || document.body);
}
