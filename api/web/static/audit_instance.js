// Auditor: one case's full history with its hash chain, a verify action and exports.
import { api, download, el, fmtDateTime, pageData, showError, statusBadge, t, table, withProgress } from "./app.js";
import { loadHistory } from "./timeline.js";

const id = pageData.instance_id;

async function load() {
  const inst = await api(`/instances/${id}`);
  document.getElementById("title").textContent = `${t("instance.title")} ${inst.business_key || inst.id}`;
  const row = (k, v) => [el("dt", { text: k }), el("dd", {}, v)];
  document.getElementById("facts").replaceChildren(
    ...row("id", el("code", {}, inst.id)),
    ...row(t("tasks.procedure"), `${inst.definition_key} v${inst.version}`),
    ...row(t("audit.status"), statusBadge(inst.status)),
    ...row(t("instance.started"), `${fmtDateTime(inst.started_at)} · ${inst.started_by}`),
    ...row(t("instance.ended"), fmtDateTime(inst.ended_at)));
  const events = await loadHistory(id);
  document.getElementById("events").replaceChildren(table(
    [t("audit.seq"), t("audit.at"), t("audit.actor"), t("audit.type"), t("audit.element"), t("audit.data"), t("audit.hash")],
    events.map((ev) => [String(ev.seq), fmtDateTime(ev.at), ev.actor, ev.type, ev.element_id || "",
      el("code", { class: "data" }, JSON.stringify(ev.data)),
      el("code", { class: "hash", title: `prev ${ev.prev_hash}` }, ev.hash)])));
}

document.getElementById("verify").addEventListener("click", async () => {
  const verdict = document.getElementById("verdict");
  try {
    const res = await withProgress(t("common.working"), () => api(`/audit/verify?instance=${encodeURIComponent(id)}`));
    verdict.className = res.ok ? "flash ok" : "flash error";
    verdict.textContent = res.ok ? `${t("audit.verified")}: ${res.checked} ${t("audit.events")}`
      : `${t("audit.broken")} ${res.broken_at} (${res.checked} ${t("audit.events")})`;
  } catch (err) {
    showError(err);
  }
});
for (const format of ["csv", "jsonl"]) {
  document.getElementById(`export-${format}`).addEventListener("click", () =>
    withProgress(t("common.working"), () =>
      download(`/web/audit/export?instance=${encodeURIComponent(id)}&format=${format}`, `history-${id}.${format}`))
      .catch(showError));
}
load().catch(showError);
