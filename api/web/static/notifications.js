// The signed-in user's notices, newest first: mark one or all read, open the task or case a notice is about.
import { api, el, flash, fmtDateTime, pager, query, showError, t, table } from "./app.js";
import { refreshUnread } from "./unread.js";

const state = { page: 1 };
const PER_PAGE = 25;
const list = document.getElementById("notify-list");
const form = document.getElementById("notify-filters");
const canMonitor = !!document.querySelector('header nav a[href="/monitor"]');

// A notice names its task (officers open it) and its case (the case page is the supervisors').
function about(n) {
  if (n.task_id) return el("a", { href: `/tasks/${n.task_id}` }, t("notify.open_task"));
  if (n.instance_id && canMonitor) return el("a", { href: `/monitor/instances/${n.instance_id}` }, t("notify.open_case"));
  return "—";
}

async function markRead(n) {
  try {
    await api(`/notifications/${n.id}/read`, { method: "POST" });
    await Promise.all([load(), refreshUnread()]);
  } catch (err) {
    showError(err);
  }
}

async function load() {
  list.setAttribute("aria-busy", "true");
  const unread = form.unread.checked;
  try {
    const items = await api(`/notifications${query({ unread, page: state.page, per_page: PER_PAGE })}`);
    const total = items.pagination?.total ?? items.length;
    const rows = items.map((n) => [
      el("span", { class: `badge notify-${n.kind}`, text: t(`notify.kind.${n.kind}`) }),
      el("span", { class: "notify-title" }, n.title, n.body ? el("br") : null, n.body || null),
      fmtDateTime(n.created_at),
      about(n),
      n.read_at ? el("span", { class: "read", text: `${t("notify.read_at")} ${fmtDateTime(n.read_at)}` })
        : el("button", { type: "button", class: "secondary", onclick: () => markRead(n) }, t("notify.mark_read")),
    ]);
    list.replaceChildren(
      table([t("notify.kind"), t("notify.notice"), t("notify.at"), t("notify.about"), t("notify.state")], rows,
        { empty: t("notify.empty") }),
      pager(state.page, total, PER_PAGE, (p) => { state.page = p; load(); }));
    list.querySelectorAll("tbody tr").forEach((tr, i) => tr.classList.toggle("unread", !items[i].read_at));
  } catch (err) {
    showError(err);
  } finally {
    list.setAttribute("aria-busy", "false");
  }
}

document.getElementById("read-all").addEventListener("click", async () => {
  try {
    const done = await api("/notifications/read-all", { method: "POST" });
    flash(`${t("notify.marked")}: ${done.marked}`);
    await Promise.all([load(), refreshUnread()]);
  } catch (err) {
    showError(err);
  }
});
form.addEventListener("submit", (ev) => { ev.preventDefault(); state.page = 1; load(); });
load();
