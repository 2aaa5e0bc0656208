// Officer task list: my tasks / my agencies' tasks, overdue first, filters and business-key search.
import { api, dueBadge, el, fmtDateTime, localDayStart, pager, query, showError, t, table } from "./app.js";

const state = { scope: new URLSearchParams(location.search).get("scope") || "mine", page: 1 };
const list = document.getElementById("task-list");
const form = document.getElementById("filters");
const names = {};

async function loadProcedures() {
  const defs = await api("/definitions");
  const select = form.definition;
  for (const d of defs) {
    names[d.key] = d.name || d.key;
    select.append(el("option", { value: d.key, text: d.name || d.key }));
  }
}

// Business-key search: the instances with that key (those the officer may see), then their tasks.
async function tasksForBusinessKey(key, params) {
  const instances = await api(`/instances${query({ business_key: key, per_page: 50 })}`);
  const pages = await Promise.all(instances.map((i) => api(`/tasks${query({ ...params, instance: i.id })}`)));
  const tasks = pages.flat();
  tasks.sort((a, b) => (a.due_at || "9999").localeCompare(b.due_at || "9999"));
  return Object.assign(tasks, { pagination: { total: tasks.length } });
}

async function caseKeys(tasks) {
  const ids = [...new Set(tasks.map((tk) => tk.instance_id))];
  const found = await Promise.all(ids.map((id) => api(`/instances/${id}`).catch(() => null)));
  return Object.fromEntries(found.filter(Boolean).map((i) => [i.id, i.business_key || ""]));
}

async function load() {
  list.setAttribute("aria-busy", "true");
  const f = new FormData(form);
  const params = { scope: state.scope, state: "open", sort: "due", page: state.page, per_page: 25,
    definition: f.get("definition") };
  try {
    params.due_before = localDayStart(f.get("due_before"), form.due_before);
    const key = (f.get("business_key") || "").trim();
    let tasks = key ? await tasksForBusinessKey(key, params) : await api(`/tasks${query(params)}`);
    const total = tasks.pagination?.total ?? tasks.length;
    if (f.get("follow_up")) {
      const now = new Date();
      tasks = tasks.filter((tk) => tk.follow_up_at && new Date(tk.follow_up_at) <= now);
    }
    const keys = await caseKeys(tasks);
    const rows = tasks.map((tk) => [
      el("a", { href: `/tasks/${tk.id}`, class: "task-link" }, tk.name || tk.element_id),
      names[tk.definition_key] || tk.definition_key,
      keys[tk.instance_id] || "—",
      dueBadge(tk.due_at),
      tk.assignee || "—",
      fmtDateTime(tk.created_at),
    ]);
    list.replaceChildren(
      table([t("tasks.name"), t("tasks.procedure"), t("tasks.business_key"), t("tasks.due"),
        t("tasks.assignee"), t("tasks.created")], rows, { empty: t("tasks.empty") }),
      pager(state.page, total, params.per_page, (p) => { state.page = p; load(); }));
  } catch (err) {
    showError(err);
  } finally {
    list.setAttribute("aria-busy", "false");
  }
}

function selectTab(scope) {
  state.scope = scope;
  state.page = 1;
  for (const b of document.querySelectorAll("[role=tab]")) b.setAttribute("aria-selected", String(b.dataset.scope === scope));
  load();
}

for (const b of document.querySelectorAll("[role=tab]")) {
  b.addEventListener("click", () => selectTab(b.dataset.scope));
  // Arrow keys move between tabs, as in any tab list.
  b.addEventListener("keydown", (ev) => {
    if (ev.key !== "ArrowRight" && ev.key !== "ArrowLeft") return;
    const other = document.querySelector(`[role=tab]:not([data-scope=${b.dataset.scope}])`);
    other.focus();
    selectTab(other.dataset.scope);
  });
}
form.addEventListener("submit", (ev) => { ev.preventDefault(); state.page = 1; load(); });
loadProcedures().catch(showError).finally(() => selectTab(state.scope));
