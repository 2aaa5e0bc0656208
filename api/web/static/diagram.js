// The procedure diagram of one instance in the bpmn-js viewer, its elements marked by state.
import { api, el, t } from "./app.js";

const viewers = new WeakMap();

export async function showInstanceDiagram(container, instanceId, { failed = [] } = {}) {
  const data = await api(`/instances/${instanceId}/diagram`);
  // Redrawing (after a completion) reuses the container's viewer and its legend.
  let viewer = viewers.get(container);
  if (!viewer) {
    viewer = new window.BpmnJS({ container });
    viewers.set(container, viewer);
    container.after(el("p", { class: "legend" },
      el("span", { class: "key pd-active" }), t("legend.active"), " ",
      el("span", { class: "key pd-completed" }), t("legend.completed"), " ",
      el("span", { class: "key pd-failed" }), t("legend.failed")));
  }
  await viewer.importXML(data.xml);
  const canvas = viewer.get("canvas");
  const registry = viewer.get("elementRegistry");
  const mark = (ids, cls) => {
    for (const id of ids || []) if (registry.get(id)) canvas.addMarker(id, cls);
  };
  mark(data.completed_elements, "pd-completed");
  mark(data.active_elements, "pd-active");
  mark(failed, "pd-failed");
  canvas.zoom("fit-viewport");
  return { viewer, data };
}
