// Sign-in: exchange user name and password for a bearer token, keep it in a cookie, go on.
import { api, ApiError, pageData, setToken, showError } from "./app.js";

const form = document.getElementById("signin-form");
form.addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const error = document.getElementById("signin-error");
  error.hidden = true;
  const body = { username: form.username.value.trim(), password: form.password.value };
  try {
    const res = await api("/auth/token", { method: "POST", body });
    setToken(res.access_token, res.expires_in || 3600);
    const next = pageData.next || "/";
    location.assign(next.startsWith("/") && !next.startsWith("//") ? next : "/");
  } catch (err) {
    if (err instanceof ApiError && (err.status === 401 || err.status === 422 || err.status === 400)) {
      error.hidden = false;
      form.password.select();
    } else {
      showError(err);
    }
  }
});
