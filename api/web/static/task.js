// One task: its form (form-js) with the instance data, claim/unclaim, complete, comments, diagram, history.
import { api, ApiError, dueBadge, el, flash, fmtDateTime, pageData, showError, t, withProgress } from "./app.js";
import { showInstanceDiagram } from "./diagram.js";
import { showFieldErrors } from "./form_errors.js";
import { loadHistory, renderTimeline } from "./timeline.js";

const taskId = pageData.task_id;
const me = document.querySelector("[data-testid=who]").textContent.trim();
let task;
let form;
let schema;

async function formSchema(tk) {
  if (tk.form_definition) return tk.form_definition;
  if (!tk.form) return null;
  return api(`/web/forms/${encodeURIComponent(tk.form)}`);
}

function facts(tk, inst) {
  const row = (k, v) => [el("dt", { text: k }), el("dd", {}, v)];
  document.getElementById("task-facts").replaceChildren(
    ...row(t("tasks.procedure"), tk.definition_key),
    ...row(t("tasks.business_key"), inst?.business_key || "—"),
    ...row(t("tasks.due"), dueBadge(tk.due_at)),
    ...row(t("tasks.assignee"), tk.assignee || "—"),
    ...row(t("task.groups"), (tk.candidate_groups || []).join(", ") || "—"),
    ...row(t("task.state"), t(`taskstate.${tk.state}`)));
}

function buttons() {
  const open = task.state === "open";
  document.getElementById("claim").hidden = !open || task.assignee === me;
  document.getElementById("unclaim").hidden = !open || task.assignee !== me;
  document.getElementById("complete").hidden = !open;
}

async function load() {
  task = await api(`/tasks/${taskId}`);
  const inst = await api(`/instances/${task.instance_id}`).catch(() => null);
  document.getElementById("task-title").textContent = task.name || task.element_id;
  document.title = `${task.name} · pressdesk`;
  facts(task, inst);
  buttons();
  if (!form) {
    schema = await formSchema(task);
    if (schema) {
      form = new window.FormViewer.Form({ container: document.getElementById("form") });
      // The task's own data (a multi-instance item, its loopCounter) over the instance's variables.
      await form.importSchema(schema, { ...(inst?.variables || {}), ...(task.data || {}) });
    } else {
      document.getElementById("form").replaceChildren(el("p", { text: t("task.no_form") }));
    }
  }
  if (task.state !== "open" && form) form.setProperty("readOnly", true);
  return inst;
}

async function complete() {
  document.getElementById("form-errors").replaceChildren();
  // The server is the authority on validity: send what the form holds and show what it refuses.
  const variables = form ? form.submit().data : {};
  try {
    await withProgress(t("common.working"), () =>
      api(`/tasks/${taskId}/complete`, { method: "POST", body: { variables } }));
    flash(t("task.completed"));
    await load();
    refreshHistory();
    showInstanceDiagram(document.getElementById("diagram"), task.instance_id).catch(showError);
  } catch (err) {
    if (err instanceof ApiError && err.status === 422) {
      showFieldErrors(form, schema, err.body.errors || [], document.getElementById("form-errors"));
    } else {
      showError(err);
    }
  }
}

async function assignment(action) {
  try {
    await api(`/tasks/${taskId}/${action}`, { method: "POST" });
    await load();
    refreshHistory();
  } catch (err) {
    showError(err);
  }
}

async function loadComments() {
  const list = await api(`/tasks/${taskId}/comments`);
  document.getElementById("comments").replaceChildren(...list.map((c) => el("li", {},
    el("strong", {}, c.author), " · ", el("time", { datetime: c.at }, fmtDateTime(c.at)), el("p", { text: c.text }))));
}

async function refreshHistory() {
  try {
    renderTimeline(document.getElementById("history"), await loadHistory(task.instance_id));
  } catch (err) {
    showError(err);
  }
}

document.getElementById("claim").addEventListener("click", () => assignment("claim"));
document.getElementById("unclaim").addEventListener("click", () => assignment("unclaim"));
document.getElementById("complete").addEventListener("click", complete);
document.getElementById("comment-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const text = ev.target.text.value;
  try {
    await api(`/tasks/${taskId}/comments`, { method: "POST", body: { text } });
    ev.target.reset();
    await loadComments();
  } catch (err) {
    showError(err);
  }
});

load().then(() => {
  loadComments().catch(showError);
  refreshHistory();
  showInstanceDiagram(document.getElementById("diagram"), task.instance_id).catch(showError);
}).catch(showError);
