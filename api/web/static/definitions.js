// Analyst: process definitions with their versions, and the deployed forms.
import { api, download, el, fmtDateTime, showError, t, table } from "./app.js";

async function versionsOf(d) {
  const detail = await api(`/definitions/${encodeURIComponent(d.key)}`);
  return detail.versions || [detail];
}

function versionRow(key, v) {
  return [
    String(v.version), v.executable ? "✓" : "—", fmtDateTime(v.deployed_at), v.deployed_by || "",
    el("span", {},
      el("a", { href: `/modeler/processes/${encodeURIComponent(key)}?version=${v.version}` }, t("modeler.open")), " · ",
      el("button", { type: "button", class: "link", onclick: () =>
        download(`/definitions/${encodeURIComponent(key)}/xml?version=${v.version}`, `${key}.v${v.version}.bpmn`).catch(showError) },
      t("modeler.download"))),
  ];
}

async function load() {
  const defs = await api("/definitions");
  const box = document.getElementById("definitions");
  const sections = await Promise.all(defs.map(async (d) => {
    const versions = await versionsOf(d);
    return el("section", { class: "card", "data-key": d.key },
      el("h3", {}, `${d.name || d.key} `, el("code", {}, d.key)),
      table([t("instance.version"), t("modeler.executable"), t("modeler.deployed_at"), "", ""],
        versions.slice().reverse().map((v) => versionRow(d.key, v))),
      versions.length > 1
        ? el("a", { href: `/modeler/processes/${encodeURIComponent(d.key)}/compare` }, t("modeler.compare"))
        : null);
  }));
  box.replaceChildren(...(sections.length ? sections : [el("p", { text: t("common.none") })]));
  const forms = await api("/web/forms");
  document.getElementById("forms").replaceChildren(table([t("modeler.form_id"), t("modeler.deployed_at"), ""],
    forms.map((f) => [el("code", {}, f.id), fmtDateTime(f.deployed_at),
      el("span", {}, el("a", { href: `/modeler/forms/${encodeURIComponent(f.id)}` }, t("modeler.open")), " · ",
        el("button", { type: "button", class: "link", onclick: () =>
          download(`/web/forms/${encodeURIComponent(f.id)}`, `${f.id}.form`).catch(showError) }, t("common.download")))])));
}

load().catch(showError);
