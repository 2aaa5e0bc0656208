// The clause matrix: each clause of the directive (CT) and the plan (KH) -> the procedure steps citing it
// -> their open, overdue, on-time and late tasks; or why the clause is no workflow.
import { api, el, fmtDateTime, lang, showError, t, withProgress } from "./app.js";

const form = document.getElementById("clause-filter");
const summary = document.getElementById("clause-summary");
const box = document.getElementById("clause-matrix");
let matrix = null;

function content(c) {
  const full = el("details", {}, el("summary", { text: t("clauses.full_text") }),
    el("p", { class: "clause-text", lang: "vi", text: c.text }));
  const lead = lang === "en" ? c.gist : c.text.split("\n")[0].slice(0, 220) + (c.text.length > 220 ? "…" : "");
  return el("div", {}, el("p", { text: lead }), full,
    c.note ? el("p", { class: "note" }, `${t("clauses.note")}: ${lang === "en" ? c.note : c.note_vi}`) : null);
}

function steps(c) {
  if (c.procedures.length) {
    return el("ul", { class: "clause-steps" }, c.procedures.map((p) => el("li", { "data-procedure": p.key },
      el("strong", { text: p.name || p.key }), ` (${p.key} v${p.version}): `,
      p.elements.map((e) => e.name || e.element_id).join(", "))));
  }
  if (c.reason) {
    return el("div", {}, el("span", { class: "badge status-completed", text: t("clauses.not_workflow") }),
      el("p", { class: "reason", text: lang === "en" ? c.reason : c.reason_vi }));
  }
  return el("span", { class: "badge due-overdue", "data-uncovered": "true", text: t("clauses.uncovered") });
}

function draw() {
  const doc = form.document.value;
  const rows = matrix.clauses.filter((c) => !doc || c.document === doc);
  const s = matrix.summary;
  summary.textContent = `${s.clauses} ${t("clauses.count")} · ${s.implemented} ${t("clauses.implemented")} · ` +
    `${s.not_workflow} ${t("clauses.not_workflow").toLowerCase()} · ${s.uncovered.length} ` +
    `${t("clauses.uncovered").toLowerCase()} — ${t("clauses.figures_at")} ${fmtDateTime(matrix.at)}`;
  const head = ["clauses.clause", "clauses.content", "clauses.implemented_by", "clauses.open", "clauses.overdue",
    "clauses.on_time", "clauses.late"].map((k) => el("th", { scope: "col", text: t(k) }));
  box.replaceChildren(el("table", { class: "clauses" }, el("thead", {}, el("tr", {}, head)),
    el("tbody", {}, rows.map((c) => el("tr", { "data-clause": c.id },
      el("th", { scope: "row", text: c.id }), el("td", {}, content(c)), el("td", {}, steps(c)),
      ...["open", "overdue", "completed_on_time", "completed_late"].map((f) =>
        el("td", { class: `num ${f}`, "data-figure": f, text: String(c.figures[f]) })))))));
}

async function load() {
  matrix = await withProgress(t("common.loading"), () => api("/clauses"));
  draw();
}

form.addEventListener("change", draw);
load().catch(showError);
