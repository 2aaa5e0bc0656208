// The server's 422 errors (keyed by variable name) go onto the matching form-js fields, with a summary
// list in `box`. Used by the task page (completing) and the start page (a start form).
import { el, t } from "./app.js";

export function showFieldErrors(form, schema, errors, box) {
  const byKey = {};
  const walk = (components) => {
    for (const c of components || []) {
      if (c.key) byKey[c.key] = c.id;
      walk(c.components);
    }
  };
  walk(schema?.components);
  const fieldErrors = {};
  const summary = [];
  for (const e of errors) {
    const key = e.field || e.name || e.key;
    summary.push(el("li", {}, key ? `${key}: ${e.message}` : e.message));
    if (key && byKey[key]) (fieldErrors[byKey[key]] ||= []).push(e.message);
  }
  if (form) form._setState({ errors: fieldErrors }); // form-js keeps field errors by component id
  box.replaceChildren(el("p", { class: "error", text: t("task.refused") }), el("ul", { class: "error" }, summary));
}
