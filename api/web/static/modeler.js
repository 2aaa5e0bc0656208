// Analyst: edit a process in the bpmn-js modeler, validate it (problems marked on their elements) and
// deploy it as a new version.
import { api, ApiError, confirmAction, el, flash, pageData, showError, t, withProgress } from "./app.js";
import { propertiesBox } from "./modeler_props.js";

const NEW_PROCESS = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_new" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="new_process" name="Quy trình mới" isExecutable="true">
    <bpmn:startEvent id="StartEvent_1" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_1">
    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="new_process">
      <bpmndi:BPMNShape id="StartEvent_1_di" bpmnElement="StartEvent_1">
        <dc:Bounds x="180" y="160" width="36" height="36" />
      </bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>`;

const modeler = new window.BpmnJS({ container: document.getElementById("canvas") });
const canvas = modeler.get("canvas");
propertiesBox(modeler, document.getElementById("props"));
const overlays = modeler.get("overlays");
const registry = modeler.get("elementRegistry");
const idInput = document.getElementById("process-id");
const nameInput = document.getElementById("process-name");
let marked = [];

function processElement() {
  const root = canvas.getRootElement();
  if (root.businessObject.$type === "bpmn:Process") return root;
  // A collaboration: the first participant's process carries the id and name.
  return registry.filter((e) => e.type === "bpmn:Participant")[0];
}

function processBo() {
  const e = processElement();
  return e.businessObject.processRef || e.businessObject;
}

async function load() {
  const xml = pageData.key
    ? await api(`/definitions/${encodeURIComponent(pageData.key)}/xml${pageData.version ? `?version=${pageData.version}` : ""}`)
    : NEW_PROCESS;
  await modeler.importXML(xml);
  canvas.zoom("fit-viewport", "auto");
  canvas.zoom(canvas.zoom() * 0.85, "auto"); // a margin so the palette does not cover the diagram
  idInput.value = processBo().id;
  nameInput.value = processBo().name || "";
  idInput.disabled = nameInput.disabled = false; // editable only once the model is in
}

async function currentXml() {
  const bo = processBo();
  bo.id = idInput.value.trim() || bo.id; // the process id is the definition key
  bo.name = nameInput.value.trim();
  const { xml } = await modeler.saveXML({ format: true });
  return xml;
}

function clearProblems() {
  for (const id of marked) canvas.removeMarker(id, "pd-error");
  marked = [];
  overlays.remove({ type: "pd-problem" });
  document.getElementById("problems").replaceChildren();
}

function showProblems(problems) {
  clearProblems();
  const items = problems.map((p) => {
    const known = p.element_id && registry.get(p.element_id);
    if (known) {
      canvas.addMarker(p.element_id, "pd-error");
      marked.push(p.element_id);
      overlays.add(p.element_id, "pd-problem", { position: { top: -28, left: 0 },
        html: el("div", { class: "pd-problem", title: p.message }, "!") }); // a node, never markup from the server
    }
    return el("li", { "data-element": p.element_id || "" },
      p.element_id ? el("button", { type: "button", class: "link", onclick: () => known && modeler.get("selection").select(known) },
        p.element_id) : "", p.element_id ? ": " : "", p.message, p.line ? ` (line ${p.line})` : "");
  });
  document.getElementById("problems").replaceChildren(
    el("h2", { text: t("modeler.problems") }), el("ul", { class: "error problems" }, items));
}

function problemsOf(result) {
  if (Array.isArray(result)) return result;
  return result?.errors || result?.problems || [];
}

function fileOf(xml) {
  const data = new FormData();
  data.append("file", new Blob([xml], { type: "application/xml" }), `${idInput.value.trim() || "process"}.bpmn`);
  return data;
}

async function validate() {
  const xml = await currentXml();
  try {
    const result = await withProgress(t("common.working"), () =>
      api("/definitions/validate", { method: "POST", body: fileOf(xml) }));
    const problems = problemsOf(result);
    if (problems.length) showProblems(problems);
    else { clearProblems(); flash(t("modeler.valid")); }
    return problems.length === 0;
  } catch (err) {
    if (err instanceof ApiError && err.status === 422) { showProblems(problemsOf(err.body)); return false; }
    showError(err);
    return false;
  }
}

async function deploy() {
  if (!(await confirmAction(t("modeler.deploy_confirm")))) return;
  const xml = await currentXml();
  try {
    const result = await withProgress(t("common.working"), () =>
      api("/definitions", { method: "POST", body: fileOf(xml) }));
    clearProblems();
    const views = Array.isArray(result) ? result : (result.definitions || [result]);
    const own = views.find((v) => v.key === idInput.value.trim()) || views[0];
    if (result.created === false) flash(t("modeler.unchanged"));
    else flash(`${t("modeler.deployed")} ${own.version}`);
    history.replaceState(null, "", `/modeler/processes/${encodeURIComponent(own.key)}?version=${own.version}`);
    document.getElementById("modeler-title").textContent = `${own.key} · ${t("instance.version")} ${own.version}`;
  } catch (err) {
    if (err instanceof ApiError && err.status === 422) showProblems(problemsOf(err.body));
    else showError(err);
  }
}

document.getElementById("validate").addEventListener("click", validate);
document.getElementById("deploy").addEventListener("click", deploy);
document.getElementById("download").addEventListener("click", async () => {
  const xml = await currentXml();
  const a = el("a", { href: URL.createObjectURL(new Blob([xml], { type: "application/xml" })), download: `${idInput.value}.bpmn` });
  document.body.append(a);
  a.click();
  a.remove();
});
load().catch(showError);
