// Compiles GOV.UK Frontend and peeltrack's own styles into static_build/, which
// Django serves as static files. Nothing here is committed.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const out = join(root, "static_build");

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "css"), { recursive: true });
mkdirSync(join(out, "js"), { recursive: true });

const result = sass.compile(join(root, "assets", "scss", "application.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "css", "application.css"), result.css);
cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "js", "govuk-frontend.min.js"));
// MOJ Frontend's sortable table, as its self-contained module (no bare imports).
cpSync(
  join(root, "node_modules", "@ministryofjustice", "frontend", "moj", "components",
    "sortable-table", "sortable-table.bundle.mjs"),
  join(out, "js", "moj-sortable-table.mjs"),
);
cpSync(join(govuk, "assets"), join(out, "govuk", "assets"), { recursive: true });
cpSync(join(root, "assets", "js"), join(out, "js"), { recursive: true });
cpSync(join(root, "assets", "images"), join(out, "images"), { recursive: true });
console.log("Built front-end assets into static_build/");
