// The modeler's properties box: what pressdesk reads from an element (name, documentation, and for user
// tasks the Camunda form key, candidate groups, due date and priority). Clause ids live in the element's
// `clause` extension property (docs/procedures.md), which bpmn-js keeps as it is.
// Camunda attributes are kept as namespaced attributes, which bpmn-js writes back unchanged.
import { el, t } from "./app.js";

const CAMUNDA_TASK = [
  ["camunda:formKey", "props.form_key"],
  ["camunda:candidateGroups", "props.candidate_groups"],
  ["camunda:assignee", "props.assignee"],
  ["camunda:dueDate", "props.due_date"],
  ["camunda:followUpDate", "props.follow_up"],
  ["camunda:priority", "props.priority"],
];
const CAMUNDA_PROCESS = [["camunda:candidateStarterGroups", "props.starter_groups"]];

function field(id, label, value, onChange, multiline = false) {
  const input = multiline
    ? el("textarea", { id, rows: 3 })
    : el("input", { id, autocomplete: "off" });
  input.value = value || "";
  input.addEventListener("change", () => onChange(input.value));
  return el("div", { class: "prop" }, el("label", { for: id, text: label }), input);
}

export function propertiesBox(modeler, box) {
  const modeling = modeler.get("modeling");
  const moddle = modeler.get("moddle");
  const canvas = modeler.get("canvas");

  function show(element) {
    const target = element || canvas.getRootElement();
    const bo = target?.businessObject;
    if (!bo) { box.replaceChildren(); return; } // nothing imported yet
    const rows = [el("h2", { text: t("props.title") }),
      el("p", {}, el("code", {}, bo.$type.replace("bpmn:", "")), " ", el("code", { "data-testid": "prop-id" }, bo.id))];
    const update = (props) => modeling.updateProperties(target, props);
    if (target.type !== "bpmn:Process" && target.type !== "bpmn:Collaboration") {
      rows.push(field("prop-name", t("props.name"), bo.name, (v) => update({ name: v || undefined })));
    }
    const doc = (bo.documentation || [])[0]?.text || "";
    rows.push(field("prop-doc", t("props.documentation"), doc, (v) => update({
      documentation: v ? [moddle.create("bpmn:Documentation", { text: v })] : [] }), true));
    const camunda = bo.$type === "bpmn:UserTask" ? CAMUNDA_TASK
      : bo.$type === "bpmn:Process" ? CAMUNDA_PROCESS : [];
    for (const [attr, key] of camunda) {
      rows.push(field(`prop-${attr.split(":")[1]}`, t(key), bo.get(attr), (v) => update({ [attr]: v || undefined })));
    }
    box.replaceChildren(...rows);
  }

  modeler.get("eventBus").on("selection.changed", ({ newSelection }) => show(newSelection[0]));
  modeler.get("eventBus").on("import.done", () => show(null));
  return { show };
}
