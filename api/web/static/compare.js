// Analyst: which elements changed between two versions of a process (added, removed, changed).
import { api, el, pageData, query, showError, t, table } from "./app.js";

const form = document.getElementById("versions");
let viewer;

async function init() {
  const detail = await api(`/definitions/${encodeURIComponent(pageData.key)}`);
  const versions = (detail.versions || [detail]).map((v) => v.version);
  for (const sel of [form.a, form.b]) sel.replaceChildren(...versions.map((v) => el("option", { value: v, text: v })));
  form.a.value = pageData.a || versions[Math.max(0, versions.length - 2)];
  form.b.value = pageData.b || versions[versions.length - 1];
  await compare();
}

async function compare() {
  const a = form.a.value;
  const b = form.b.value;
  const diff = await api(`/web/definitions/${encodeURIComponent(pageData.key)}/diff${query({ a, b })}`);
  const rows = [
    ...diff.added.map((e) => [t("compare.added"), e.id, e.type, e.name || "", ""]),
    ...diff.removed.map((e) => [t("compare.removed"), e.id, e.type, e.name || "", ""]),
    ...diff.changed.map((e) => [t("compare.changed"), e.id, e.type, e.name || "", e.changes.join("; ")]),
  ];
  document.getElementById("changes").replaceChildren(
    table(["", "id", "type", t("tasks.name"), ""], rows, { empty: t("compare.same") }));
  // Version B in the viewer, its added and changed elements marked.
  viewer?.destroy();
  viewer = new window.BpmnJS({ container: document.getElementById("diagram") });
  await viewer.importXML(await api(`/definitions/${encodeURIComponent(pageData.key)}/xml?version=${b}`));
  const canvas = viewer.get("canvas");
  const registry = viewer.get("elementRegistry");
  for (const e of diff.added) if (registry.get(e.id)) canvas.addMarker(e.id, "pd-added");
  for (const e of diff.changed) if (registry.get(e.id)) canvas.addMarker(e.id, "pd-changed");
  canvas.zoom("fit-viewport");
}

form.addEventListener("submit", (ev) => { ev.preventDefault(); compare().catch(showError); });
init().catch(showError);
