// Builds the London design system from the pinned govuk-frontend npm package.
// Output goes to static/build/ (git-ignored); Django's staticfiles serves it and
// whitenoise serves it in production. Nothing is fetched from a CDN.
import { compile } from "sass";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const out = join(root, "static", "build");
mkdirSync(out, { recursive: true });

const css = compile(join(root, "static", "src", "scss", "london.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin"],
});
writeFileSync(join(out, "london.css"), css.css);

// GOV.UK Frontend's JavaScript is an ES module; our own init module imports it.
copyFileSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
console.log(`built static/build/london.css (${css.css.length} bytes) and govuk-frontend.min.js`);
