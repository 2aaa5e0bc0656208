// Start a procedure the user may start, with its start form when the model names one.
import { api, ApiError, el, flash, showError, t, withProgress } from "./app.js";

const formEl = document.getElementById("start-form");
const select = document.getElementById("procedure");
let procedures = [];
let startForm = null;

async function showStartForm() {
  const proc = procedures.find((p) => p.key === select.value);
  const box = document.getElementById("form");
  box.replaceChildren();
  startForm = null;
  if (!proc?.start_form) return;
  const schema = await api(`/web/forms/${encodeURIComponent(proc.start_form)}`).catch(() => null);
  if (!schema) return;
  startForm = new window.FormViewer.Form({ container: box });
  await startForm.importSchema(schema, {});
}

async function init() {
  procedures = await api("/web/startable");
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
  const errors = document.getElementById("start-errors");
  errors.replaceChildren();
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
      errors.replaceChildren(el("ul", { class: "error" },
        (err.body.errors || [{ message: err.message }]).map((e) => el("li", {}, e.field ? `${e.field}: ${e.message}` : e.message))));
    } else {
      showError(err);
    }
  }
});

init().catch(showError);
