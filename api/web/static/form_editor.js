// Analyst: edit a form-js form and deploy it (forms are versioned with their deployment).
import { api, ApiError, el, flash, pageData, showError, t, withProgress } from "./app.js";

const editor = new window.FormEditor.FormEditor({ container: document.getElementById("editor") });
const idInput = document.getElementById("form-id");

function blank() {
  return { type: "default", id: "new_form", schemaVersion: 16,
    components: [{ type: "textfield", id: "Field_1", key: "note", label: "Ghi chú" }] };
}

async function load() {
  const schema = pageData.form_id ? await api(`/web/forms/${encodeURIComponent(pageData.form_id)}`) : blank();
  await editor.importSchema(schema);
  idInput.value = schema.id;
  idInput.disabled = false; // editable only once the form is in
}

function schemaNow() {
  const schema = editor.saveSchema();
  schema.id = idInput.value.trim() || schema.id;
  return schema;
}

document.getElementById("deploy").addEventListener("click", async () => {
  const schema = schemaNow();
  const data = new FormData();
  data.append("file", new Blob([JSON.stringify(schema, null, 2)], { type: "application/json" }), `${schema.id}.form`);
  document.getElementById("problems").replaceChildren();
  try {
    await withProgress(t("common.working"), () => api("/definitions", { method: "POST", body: data }));
    flash(`${t("modeler.deployed")}: ${schema.id}`);
  } catch (err) {
    if (err instanceof ApiError && err.status === 422) {
      document.getElementById("problems").replaceChildren(el("ul", { class: "error" },
        (err.body.errors || [{ message: err.message }]).map((e) => el("li", { text: e.message }))));
    } else {
      showError(err);
    }
  }
});

document.getElementById("download").addEventListener("click", () => {
  const schema = schemaNow();
  const a = el("a", { href: URL.createObjectURL(new Blob([JSON.stringify(schema, null, 2)])), download: `${schema.id}.form` });
  document.body.append(a);
  a.click();
  a.remove();
});

load().catch(showError);
