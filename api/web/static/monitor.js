// Supervisor dashboard: cases by procedure and status, tasks by agency, overdue work, incidents.
import { api, dueBadge, el, groupName, fmtDateTime, showError, statusBadge, t, table } from "./app.js";

const STATUSES = ["running", "waiting", "suspended", "error", "completed", "terminated"];

function byProcedure(rows) {
  return table([t("tasks.procedure"), ...STATUSES.map((s) => t(`status.${s}`))],
    rows.map((r) => [r.name || r.key, ...STATUSES.map((s) => String(r.counts[s] || 0))]));
}

function byAgency(rows) {
  return table([t("monitor.agency"), t("monitor.open"), t("monitor.overdue"), t("monitor.escalated")],
    rows.map((r) => [groupName(r), String(r.open), el("span", { class: r.overdue ? "warn" : "" }, String(r.overdue)),
      String(r.escalated)]));
}

function overdueTable(tasks) {
  return table([t("tasks.name"), t("tasks.procedure"), t("tasks.due"), t("tasks.assignee"), t("instance.title")],
    tasks.map((tk) => [tk.name || tk.element_id, tk.definition_key, dueBadge(tk.due_at), tk.assignee || "—",
      el("a", { href: `/monitor/instances/${tk.instance_id}` }, tk.instance_id.slice(0, 8))]),
    { empty: t("common.none") });
}

async function incidents() {
  const box = document.getElementById("incidents");
  const list = await api("/incidents");
  box.replaceChildren(table([t("instance.title"), t("audit.element"), t("audit.data"), t("audit.at"), ""],
    list.map((inc) => [
      // A start timer that could not start its instance has no instance: its procedure is shown.
      inc.instance_id ? el("a", { href: `/monitor/instances/${inc.instance_id}` }, inc.instance_id.slice(0, 8))
        : inc.definition_key || "—",
      inc.element_id || "—", inc.message || "", fmtDateTime(inc.created_at),
      el("button", { type: "button", onclick: async () => {
        try { await api(`/incidents/${inc.id}/retry`, { method: "POST" }); await incidents(); } catch (e) { showError(e); }
      } }, t("monitor.retry"))]), { empty: t("monitor.no_incidents") }));
}

async function load() {
  const summary = await api("/web/summary");
  document.getElementById("by-procedure").replaceChildren(byProcedure(summary.instances));
  document.getElementById("by-agency").replaceChildren(byAgency(summary.agencies));
  const overdue = await api("/tasks?scope=all&state=open&overdue=true&sort=due&per_page=50");
  document.getElementById("overdue").replaceChildren(overdueTable(overdue));
  const recent = await api("/instances?per_page=15");
  document.getElementById("recent").replaceChildren(table(
    [t("instance.title"), t("tasks.procedure"), t("tasks.business_key"), t("instance.status"), t("instance.started")],
    recent.map((i) => [el("a", { href: `/monitor/instances/${i.id}` }, i.id.slice(0, 8)), i.definition_key,
      i.business_key || "—", statusBadge(i.status), fmtDateTime(i.started_at)])));
  await incidents();
}

load().catch(showError);
