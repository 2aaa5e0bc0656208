// The header badge: how many of the signed-in user's notices are unread (every page loads it).
import { api } from "./app.js";

export async function refreshUnread() {
  const badge = document.getElementById("unread");
  if (!badge) return;
  const page = await api("/notifications?unread=true&per_page=1");
  const count = page.pagination?.total ?? page.length;
  badge.textContent = String(count);
  badge.dataset.count = String(count);
  badge.hidden = count === 0;
}

refreshUnread().catch(() => { /* the badge is a hint: a page works without it */ });
