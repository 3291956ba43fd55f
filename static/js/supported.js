// Tells GOV.UK Frontend's CSS that its JavaScript will run. Kept in a file
// (not inline) because the Content Security Policy forbids inline scripts.
document.body.className += " js-enabled" +
  ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
