// Start a procedure the user may start. When its start event names a form, the form is filled in here
// and sent as the first variables; the server checks it and its refusals show on the fields.
import { api, ApiError, el, flash, showError, t, withProgress } from "./app.js";
import { showFieldErrors } from "./form_errors.js";

const formEl = document.getElementById("start-form");
const select = document.getElementById("procedure");
const errorsBox = document.getElementById("start-errors");
let procedures = [];
let me = null;
let startForm = null;
let schema = null;

// A field marked `properties.default: starter_group` (an agency choice) starts on the starter's own
// agency, when it is one of the choices.
function initialData(components, data = {}) {
  for (const c of components || []) {
    if (c.key && c.properties?.default === "starter_group") {
      const options = (c.values || []).map((v) => v.value);
      const own = (me?.groups || []).find((g) => options.includes(g));
      if (own) data[c.key] = own;
    }
    initialData(c.components, data);
  }
  return data;
}

async function showStartForm() {
  const proc = procedures.find((p) => p.key === select.value);
  const box = document.getElementById("form");
  box.replaceChildren();
  errorsBox.replaceChildren();
  startForm = null;
  schema = null;
  if (!proc?.start_form) return;
  schema = await api(`/web/forms/${encodeURIComponent(proc.start_form)}`).catch(() => null);
  if (!schema) return;
  startForm = new window.FormViewer.Form({ container: box });
  await startForm.importSchema(schema, initialData(schema.components));
}

async function init() {
  [procedures, me] = await Promise.all([api("/web/startable"), api("/web/me")]);
  if (!procedures.length) {
    formEl.replaceChildren(el("p", { text: t("start.empty") }));
    return;
  }
  select.replaceChildren(...procedures.map((p) => el("option", { value: p.key, text: p.name || p.key })));
  select.addEventListener("change", () => showStartForm().catch(showError));
  await showStartForm();
}

formEl.addEventListener("submit", async (ev) => {
  ev.preventDefault();
  errorsBox.replaceChildren();
  // As on the task page, the server is the authority on validity: send what the form holds.
  const variables = startForm ? startForm.submit().data : {};
  const body = { variables, business_key: formEl.business_key.value.trim() || null };
  try {
    const inst = await withProgress(t("common.working"), () =>
      api(`/definitions/${encodeURIComponent(select.value)}/instances`, { method: "POST", body }));
    flash(`${t("start.started")}: ${inst.business_key || inst.id}`);
    formEl.business_key.value = "";
    await showStartForm();
  } catch (err) {
    if (err instanceof ApiError && err.status === 422) {
      showFieldErrors(startForm, schema, err.body.errors || [{ message: err.message }], errorsBox);
    } else {
      showError(err);
    }
  }
});

init().catch(showError);
