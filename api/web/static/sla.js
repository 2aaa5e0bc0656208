// SLA per agency for a period: on-time share as horizontal bars, median answer time beside it (SVG).
import { api, dayText, el, groupName, localDayStart, query, showError, t, withProgress } from "./app.js";

const SVG = "http://www.w3.org/2000/svg";
const form = document.getElementById("period");
const chart = document.getElementById("chart");

function svg(tag, attrs, text) {
  const n = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
  if (text !== undefined) n.textContent = text;
  return n;
}

function draw(rows) {
  if (!rows.length) { chart.replaceChildren(el("p", { text: t("sla.empty") })); return; }
  const rowH = 34, labelW = 300, barW = 360, top = 28;
  const root = svg("svg", { viewBox: `0 0 ${labelW + barW + 220} ${top + rows.length * rowH}`, role: "img",
    "aria-label": t("sla.title"), class: "sla-chart" });
  root.append(svg("text", { x: labelW, y: 16, class: "head" }, t("sla.on_time")),
    svg("text", { x: labelW + barW + 20, y: 16, class: "head" }, t("sla.median")));
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    const share = r.on_time_share ?? 0;
    const g = svg("g", { "data-agency": r.code });
    g.append(svg("title", {}, `${groupName(r)}: ${Math.round(share * 100)}% · ${r.completed} ${t("sla.completed")}`),
      svg("text", { x: 0, y: y + 18 }, groupName(r)),
      svg("rect", { x: labelW, y: y + 4, width: barW, height: 20, class: "track" }),
      svg("rect", { x: labelW, y: y + 4, width: Math.max(1, share * barW), height: 20,
        class: share >= 0.9 ? "good" : share >= 0.7 ? "fair" : "poor" }),
      svg("text", { x: labelW + 6, y: y + 19, class: "value" }, r.on_time_share === null ? "—" : `${Math.round(share * 100)}%`),
      svg("text", { x: labelW + barW + 20, y: y + 19 },
        r.median_hours === null ? "—" : `${r.median_hours.toFixed(1)} ${t("sla.hours")} (${r.completed})`));
    root.append(g);
  });
  chart.replaceChildren(root);
}

async function load() {
  const f = new FormData(form);
  const rows = await withProgress(t("common.loading"), () =>
    api(`/web/sla${query({ from: localDayStart(f.get("from"), form.from), to: localDayStart(f.get("to"), form.to) })}`));
  draw(rows);
}

// Default period: the last 30 days up to and including today ("to" is the start of tomorrow).
const today = new Date();
form.from.value = dayText(new Date(today - 30 * 86400e3));
form.to.value = dayText(new Date(+today + 86400e3));
form.addEventListener("submit", (ev) => { ev.preventDefault(); load().catch(showError); });
load().catch(showError);
