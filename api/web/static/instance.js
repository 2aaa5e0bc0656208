// Supervisor's view of one case: diagram with active/completed/failed elements, tasks, data, timeline,
// and the lifecycle actions (suspend, resume, terminate, reassign), destructive ones confirmed first.
import { api, confirmAction, dueBadge, el, flash, fmtDateTime, pageData, showError, statusBadge, t, table,
  withProgress } from "./app.js";
import { showInstanceDiagram } from "./diagram.js";
import { loadHistory, renderTimeline } from "./timeline.js";

const id = pageData.instance_id;
let diagramShown = false;

function facts(inst) {
  const row = (k, v) => [el("dt", { text: k }), el("dd", {}, v)];
  document.getElementById("facts").replaceChildren(
    ...row(t("tasks.procedure"), `${inst.definition_key} · ${t("instance.version")} ${inst.version}`),
    ...row(t("tasks.business_key"), inst.business_key || "—"),
    ...row(t("instance.status"), statusBadge(inst.status)),
    ...row(t("instance.started"), fmtDateTime(inst.started_at)),
    ...row(t("instance.started_by"), inst.started_by),
    ...row(t("instance.ended"), fmtDateTime(inst.ended_at)));
  const ended = inst.status === "completed" || inst.status === "terminated";
  document.getElementById("suspend").hidden = ended || inst.status === "suspended";
  document.getElementById("resume").hidden = inst.status !== "suspended";
  document.getElementById("terminate").hidden = ended;
}

async function reassign(task) {
  const input = el("input", { id: "reassign-user", "aria-label": t("instance.reassign_to"), value: task.assignee || "" });
  const box = el("label", {}, t("instance.reassign_to"), input);
  if (!(await confirmAction(`${t("instance.reassign")}: ${task.name}`, box))) return;
  try {
    await api(`/tasks/${task.id}/assign`, { method: "POST", body: { user: input.value.trim() || null } });
    await load();
  } catch (err) {
    showError(err);
  }
}

async function tasks() {
  const open = await api(`/tasks?scope=all&state=open&instance=${id}`);
  document.getElementById("tasks").replaceChildren(table(
    [t("tasks.name"), t("tasks.due"), t("tasks.assignee"), t("task.groups"), ""],
    open.map((tk) => [tk.name, dueBadge(tk.due_at), tk.assignee || "—", (tk.candidate_groups || []).join(", "),
      el("button", { type: "button", class: "secondary", onclick: () => reassign(tk) }, t("instance.reassign"))]),
    { empty: t("tasks.empty") }));
}

async function load() {
  const inst = await api(`/instances/${id}`);
  document.getElementById("instance-title").textContent = `${t("instance.title")} ${inst.business_key || inst.id}`;
  facts(inst);
  document.getElementById("variables").textContent = JSON.stringify(inst.variables, null, 2);
  const events = await loadHistory(id);
  renderTimeline(document.getElementById("history"), events);
  await tasks();
  if (!diagramShown) {
    diagramShown = true;
    // Failed: elements with an open incident, and those the instance waits in while in error.
    const failed = [...(inst.status === "error" ? inst.active_elements : []), ...(await incidentElements())];
    await showInstanceDiagram(document.getElementById("diagram"), id, { failed });
  }
}

async function incidentElements() {
  const list = await api(`/incidents?instance=${encodeURIComponent(id)}&status=open`);
  return list.map((inc) => inc.element_id).filter(Boolean);
}

async function lifecycle(action, question) {
  let reason = null;
  if (question) {
    const input = el("input", { id: "reason", name: "reason", "aria-label": t("instance.reason") });
    if (!(await confirmAction(question, el("label", {}, t("instance.reason"), input)))) return;
    reason = input.value.trim() || null;
  }
  try {
    await withProgress(t("common.working"), () =>
      api(`/instances/${id}/${action}`, { method: "POST", body: reason ? { reason } : {} }));
    flash(t(`instance.${action}`));
    await load();
  } catch (err) {
    showError(err);
  }
}

document.getElementById("suspend").addEventListener("click", () => lifecycle("suspend", t("instance.suspend_confirm")));
document.getElementById("resume").addEventListener("click", () => lifecycle("resume", null));
document.getElementById("terminate").addEventListener("click", () => lifecycle("terminate", t("instance.terminate_confirm")));
load().catch(showError);
