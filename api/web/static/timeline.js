// An instance's history as a timeline (officers, supervisors) or a table with hashes (auditors).
import { api, el, fmtDateTime } from "./app.js";

export async function loadHistory(instanceId) {
  const events = [];
  for (let page = 1; ; page += 1) {
    const batch = await api(`/instances/${instanceId}/history?page=${page}&per_page=200`);
    events.push(...batch);
    const total = batch.pagination?.total ?? events.length;
    if (!batch.length || events.length >= total) return events;
  }
}

function summary(ev) {
  const d = ev.data || {};
  return d.name || d.reason || d.assignee || d.text || "";
}

export function renderTimeline(list, events) {
  list.replaceChildren(...events.map((ev) => el("li", { "data-type": ev.type },
    el("time", { datetime: ev.at }, fmtDateTime(ev.at)), " ",
    el("strong", {}, ev.type.replaceAll("_", " ")), " · ", ev.actor,
    ev.element_id ? ` · ${ev.element_id}` : "", summary(ev) ? ` — ${summary(ev)}` : "")));
}
