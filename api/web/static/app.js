// Shared helpers of every page: the API client, messages, dates in Vietnamese time, progress, dialogs.
const TOKEN_COOKIE = "pd_token";
export const messages = JSON.parse(document.getElementById("messages").textContent);
export const pageData = JSON.parse(document.getElementById("page-data").textContent);
export const lang = document.documentElement.lang || "vi";

export function t(key) {
  return messages[key] ?? key;
}

export function token() {
  const m = document.cookie.match(/(?:^|; )pd_token=([^;]*)/);
  return m ? decodeURIComponent(m[1]) : null;
}

export function setToken(value, seconds) {
  const secure = location.protocol === "https:" ? "; secure" : "";
  document.cookie = `${TOKEN_COOKIE}=${encodeURIComponent(value)}; path=/; max-age=${seconds}; samesite=strict${secure}`;
}

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message || `HTTP ${status}`);
    this.status = status;
    this.body = body || {};
  }
}

function toSignin() {
  const next = location.pathname + location.search;
  location.assign(`/signin?expired=1&next=${encodeURIComponent(next)}`);
}

// One call to the JSON API. A 401 (missing, expired or forged token) sends the user to sign in.
export async function api(path, { method = "GET", body, raw = false, headers = {} } = {}) {
  const opts = { method, headers: { Accept: "application/json", ...headers } };
  const tk = token();
  if (tk) opts.headers.Authorization = `Bearer ${tk}`;
  if (body !== undefined) {
    if (typeof body === "string") {
      opts.body = body;
    } else if (body instanceof FormData) {
      opts.body = body;
    } else {
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
  }
  const resp = await fetch(`/api/v1${path}`, opts);
  if (resp.status === 401 && !path.startsWith("/auth/")) {
    toSignin();
    throw new ApiError(401, {});
  }
  if (!resp.ok) {
    let data = {};
    try { data = await resp.json(); } catch { /* a body that is not JSON keeps the status only */ }
    throw new ApiError(resp.status, data);
  }
  if (raw) return resp;
  if (resp.status === 204) return null;
  const type = resp.headers.get("Content-Type") || "";
  const data = type.includes("json") ? await resp.json() : await resp.text();
  const pag = resp.headers.get("X-Pagination");
  if (pag && Array.isArray(data)) data.pagination = JSON.parse(pag);
  return data;
}

// --- dates: dd/mm/yyyy and 24-hour time in Asia/Ho_Chi_Minh, whatever the browser's zone ---------
const TZ = "Asia/Ho_Chi_Minh";
const dateFmt = new Intl.DateTimeFormat("en-GB", { timeZone: TZ, day: "2-digit", month: "2-digit", year: "numeric" });
const timeFmt = new Intl.DateTimeFormat("en-GB", { timeZone: TZ, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

export function fmtDate(iso) {
  return iso ? dateFmt.format(new Date(iso)) : "—";
}

export function fmtDateTime(iso) {
  if (!iso) return "—";
  const d = new Date(iso);
  return `${dateFmt.format(d)} ${timeFmt.format(d)}`;
}

// Date fields are typed dd/mm/yyyy whatever the browser's language (a native date input would follow
// the browser's locale). parseDay gives yyyy-mm-dd, or null when the text is not a real date.
export function parseDay(text) {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text || "");
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCDate() !== d || probe.getUTCMonth() !== mo - 1) return null;
  return `${y}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

// The start of a dd/mm/yyyy day in Vietnamese time (UTC+7, no DST); "" for an empty field. A field
// that is not a date is marked invalid and stops the search.
export function localDayStart(text, input = null) {
  if (!text || !text.trim()) { input?.removeAttribute("aria-invalid"); return ""; }
  const day = parseDay(text);
  if (!day) {
    input?.setAttribute("aria-invalid", "true");
    input?.focus();
    throw new Error(`${t("common.bad_date")}: ${text}`);
  }
  input?.removeAttribute("aria-invalid");
  return `${day}T00:00:00+07:00`;
}

export function dayText(date) {
  return dateFmt.format(date);
}

// --- small DOM helpers ---------------------------------------------------------------------------
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

// Agencies carry a Vietnamese and an English name.
export function groupName(g) {
  return (lang === "en" && g.name_en) || g.name || g.code;
}

export function flash(message, kind = "ok") {
  const box = document.getElementById("flash");
  box.replaceChildren(el("p", { class: `flash ${kind}`, text: message }));
}

export function showError(err) {
  if (err instanceof ApiError && err.status === 401) return;
  flash(`${t("common.error")}: ${err.message}`, "error");
}

// Visible progress for anything slower than a blink (deploy, export, verify).
export async function withProgress(label, work) {
  const box = document.getElementById("progress");
  box.querySelector(".progress-text").textContent = label || t("common.working");
  box.hidden = false;
  document.body.setAttribute("aria-busy", "true");
  try {
    return await work();
  } finally {
    box.hidden = true;
    document.body.removeAttribute("aria-busy");
  }
}

// Confirmation before a destructive action; `extra` may hold inputs (e.g. a reason) read on OK.
export function confirmAction(text, extra = null) {
  const dialog = document.getElementById("confirm");
  dialog.querySelector("#confirm-text").textContent = text;
  dialog.querySelector(".extra").replaceChildren(...(extra ? [extra] : []));
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok"), { once: true });
    dialog.returnValue = "cancel";
    dialog.showModal();
    (extra?.querySelector("input,textarea") || dialog.querySelector("#confirm-ok")).focus();
  });
}

export function statusBadge(status) {
  return el("span", { class: `badge status-${status}`, text: t(`status.${status}`) });
}

// Due-date badge: overdue, due today (Vietnamese calendar day), due within two days, or later.
export function dueBadge(dueIso, now = new Date()) {
  if (!dueIso) return el("span", { class: "badge due-none", text: t("due.none") });
  const due = new Date(dueIso);
  let kind = "ok";
  if (due < now) kind = "overdue";
  else if (fmtDate(dueIso) === fmtDate(now.toISOString())) kind = "today";
  else if (due - now < 2 * 86400e3) kind = "soon";
  return el("span", { class: `badge due-${kind}`, "data-due": kind },
    `${t(`due.${kind}`)} · ${fmtDateTime(dueIso)}`);
}

export function table(headers, rows, { caption, empty } = {}) {
  if (!rows.length) return el("p", { class: "empty", text: empty || t("common.none") });
  return el("table", {},
    caption ? el("caption", { text: caption }) : null,
    el("thead", {}, el("tr", {}, headers.map((h) => el("th", { scope: "col", text: h })))),
    el("tbody", {}, rows.map((cells) => el("tr", {}, cells.map((c) => el("td", {}, c))))));
}

// Previous / next page buttons under a list; `go(n)` shows page n.
export function pager(page, total, perPage, go) {
  const pages = Math.max(1, Math.ceil(total / perPage));
  return el("nav", { class: "pager", "aria-label": t("common.page") },
    el("button", { type: "button", disabled: page <= 1, onclick: () => go(page - 1) }, t("common.prev")),
    ` ${t("common.page")} ${page}/${pages} · ${t("common.total")}: ${total} `,
    el("button", { type: "button", disabled: page >= pages, onclick: () => go(page + 1) }, t("common.next")));
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== "" && v !== null && v !== undefined && v !== false) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : "";
}

export async function download(path, filename) {
  const resp = await api(path, { raw: true });
  const blob = await resp.blob();
  const a = el("a", { href: URL.createObjectURL(blob), download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
