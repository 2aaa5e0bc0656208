// Auditor: search cases by procedure, period, agency, business key and actor; export the selection.
import { api, download, el, groupName, fmtDateTime, localDayStart, query, showError, statusBadge, t, table,
  withProgress } from "./app.js";

const form = document.getElementById("search");

function filters() {
  const f = new FormData(form);
  return { definition: f.get("definition"), from: localDayStart(f.get("from"), form.from),
    to: localDayStart(f.get("to"), form.to),
    agency: f.get("agency"), business_key: (f.get("business_key") || "").trim(), actor: (f.get("actor") || "").trim() };
}

async function search() {
  const found = await api(`/web/audit/instances${query({ ...filters(), per_page: 100 })}`);
  document.getElementById("results").replaceChildren(table(
    [t("instance.title"), t("tasks.procedure"), t("tasks.business_key"), t("audit.status"), t("instance.started"),
      t("instance.ended"), t("audit.events")],
    found.map((i) => [el("a", { href: `/audit/instances/${i.id}` }, i.id.slice(0, 8)), `${i.definition_key} v${i.version}`,
      i.business_key || "—", statusBadge(i.status), fmtDateTime(i.started_at), fmtDateTime(i.ended_at), String(i.events)]),
    { empty: t("audit.empty") }));
}

async function exportAs(format) {
  const stamp = new Date().toISOString().slice(0, 10);
  await withProgress(t("common.working"), () =>
    download(`/web/audit/export${query({ ...filters(), format })}`, `pressdesk-history-${stamp}.${format}`));
}

async function init() {
  const [defs, groups] = await Promise.all([api("/definitions"), api("/web/groups")]);
  for (const d of defs) form.definition.append(el("option", { value: d.key, text: d.name || d.key }));
  for (const g of groups) form.agency.append(el("option", { value: g.code, text: groupName(g) }));
  await search();
}

form.addEventListener("submit", (ev) => { ev.preventDefault(); search().catch(showError); });
document.getElementById("export-csv").addEventListener("click", () => exportAs("csv").catch(showError));
document.getElementById("export-jsonl").addEventListener("click", () => exportAs("jsonl").catch(showError));
init().catch(showError);
