import { initAll, createAll } from "./govuk-frontend.min.js";
import { SortableTable } from "./moj-sortable-table.mjs";
import { restoreUnsavedInput, keepUnsavedInput } from "./unsaved-input.mjs";
import { warnBeforeTimeout } from "./timeout-warning.mjs";

initAll();
createAll(SortableTable);

// A search or filter form's empty boxes add nothing but noise to the bookmarkable URL.
for (const form of document.querySelectorAll('form[method="get"]')) {
  form.addEventListener("submit", () => {
    for (const field of form.querySelectorAll("input, select")) {
      if (field.name && field.value === "" && field.type !== "checkbox" && field.type !== "radio") {
        field.disabled = true;
      }
    }
  });
}

restoreUnsavedInput();
keepUnsavedInput();
warnBeforeTimeout();
