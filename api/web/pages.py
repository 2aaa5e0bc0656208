"""Page routes: check who is signed in, check the id exists for them, render the page's shell."""
from __future__ import annotations

from functools import wraps

from flask import Blueprint, abort, current_app, make_response, redirect, render_template, request, url_for

from engine.errors import NotFound
from engine.identity import Actor

from .i18n import LANG_COOKIE, LANGS, catalogue, current_lang, translate
from .session import TOKEN_COOKIE, page_actor

pages = Blueprint("web", __name__, template_folder="templates", static_folder="static",
                  static_url_path="/static/web")

# Which roles open which part of the application (admin opens everything).
AREAS = {"tasks": ("officer", "spokesperson", "supervisor"), "monitor": ("supervisor",),
         "modeler": ("analyst",), "audit": ("auditor",), "clauses": ("supervisor", "auditor")}
HOME_ORDER = ("tasks", "monitor", "modeler", "audit", "clauses")


def _engine():
    return current_app.extensions["pressdesk"]


def _areas(actor: Actor) -> list[str]:
    return [a for a in HOME_ORDER if actor.has_role(*AREAS[a])]


def page(area: str | None = None):
    """Decorate a page view: redirect to sign-in without a valid token, 403 outside the user's area,
    and pass the actor in."""
    def deco(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            actor = page_actor()
            if actor is None:
                return redirect(url_for("web.signin", next=request.full_path.rstrip("?")))
            if area and area not in _areas(actor):
                abort(403)
            return view(actor, *args, **kwargs)
        return wrapper
    return deco


def render(actor: Actor | None, template: str, title: str, status: int = 200, **data):
    lang = current_lang()
    body = render_template(template, t=translate, lang=lang, title=title, actor=actor,
                           areas=_areas(actor) if actor else [], data=data,
                           messages=catalogue(lang), other_lang="en" if lang == "vi" else "vi")
    return body, status


def _exists(lookup) -> None:
    try:
        lookup()
    except NotFound:
        abort(404)


@pages.get("/")
@page()
def home(actor: Actor):
    areas = _areas(actor)
    return redirect(url_for(f"web.{areas[0]}" if areas else "web.tasks"))


@pages.get("/signin")
def signin():
    return render(None, "signin.html", translate("signin.title"),
                  next=request.args.get("next", "/"), expired=bool(request.args.get("expired")))


@pages.get("/signout")
def signout():
    who = page_actor()
    if who is not None:  # the token stops working everywhere, not only in this browser
        current_app.extensions["pressdesk"].security.sign_out(who.username, request.remote_addr)
        current_app.extensions["pressdesk_auth"].actors.forget(who.username)
    resp = make_response(redirect(url_for("web.signin")))
    resp.delete_cookie(TOKEN_COOKIE, path="/")
    return resp


@pages.get("/lang/<code>")
def switch_language(code: str):
    if code not in LANGS:
        abort(404)
    target = request.args.get("next", "/")
    resp = make_response(redirect(target if target.startswith("/") and not target.startswith("//") else "/"))
    resp.set_cookie(LANG_COOKIE, code, max_age=365 * 24 * 3600, samesite="Strict", httponly=True,
                    secure=request.is_secure, path="/")
    return resp


# --- officer ---------------------------------------------------------------------------------------
@pages.get("/tasks")
@page("tasks")
def tasks(actor: Actor):
    return render(actor, "tasks.html", translate("tasks.title"))


@pages.get("/tasks/<task_id>")
@page()
def task(actor: Actor, task_id: str):
    _exists(lambda: _engine().tasks.get(task_id, actor))
    return render(actor, "task.html", translate("nav.tasks"), task_id=task_id)


@pages.get("/start")
@page("tasks")
def start(actor: Actor):
    return render(actor, "start.html", translate("start.title"))


@pages.get("/notifications")
@page()
def notifications(actor: Actor):
    return render(actor, "notifications.html", translate("notify.title"))


# --- supervisor ------------------------------------------------------------------------------------
@pages.get("/monitor")
@page("monitor")
def monitor(actor: Actor):
    return render(actor, "monitor.html", translate("monitor.title"))


@pages.get("/monitor/instances/<instance_id>")
@page("monitor")
def instance(actor: Actor, instance_id: str):
    _exists(lambda: _engine().runtime.get(instance_id))
    return render(actor, "instance.html", translate("instance.title"), instance_id=instance_id)


@pages.get("/monitor/sla")
@page("monitor")
def sla(actor: Actor):
    return render(actor, "sla.html", translate("sla.title"))


# --- analyst ---------------------------------------------------------------------------------------
@pages.get("/modeler")
@page("modeler")
def modeler(actor: Actor):
    return render(actor, "definitions.html", translate("modeler.title"))


@pages.get("/modeler/new")
@page("modeler")
def modeler_new(actor: Actor):
    return render(actor, "modeler.html", translate("modeler.new"), key=None, version=None)


@pages.get("/modeler/processes/<key>")
@page("modeler")
def modeler_edit(actor: Actor, key: str):
    version = request.args.get("version", type=int)
    _exists(lambda: _engine().repository.get_definition(key, version))
    return render(actor, "modeler.html", key, key=key, version=version)


@pages.get("/modeler/processes/<key>/compare")
@page("modeler")
def compare(actor: Actor, key: str):
    _exists(lambda: _engine().repository.versions(key))
    return render(actor, "compare.html", translate("compare.title"), key=key,
                  a=request.args.get("a", type=int), b=request.args.get("b", type=int))


@pages.get("/modeler/forms/new")
@pages.get("/modeler/forms/<form_id>")
@page("modeler")
def form_editor(actor: Actor, form_id: str | None = None):
    return render(actor, "form_editor.html", translate("modeler.form_editor"), form_id=form_id)


# --- auditor ---------------------------------------------------------------------------------------
@pages.get("/audit")
@page("audit")
def audit(actor: Actor):
    return render(actor, "audit.html", translate("audit.title"))


@pages.get("/audit/instances/<instance_id>")
@page("audit")
def audit_instance(actor: Actor, instance_id: str):
    _exists(lambda: _engine().runtime.get(instance_id))
    return render(actor, "audit_instance.html", translate("audit.title"), instance_id=instance_id)


# --- supervisors and auditors ---------------------------------------------------------------------
@pages.get("/clauses")
@page("clauses")
def clauses(actor: Actor):
    return render(actor, "clauses.html", translate("clauses.title"))


@pages.errorhandler(403)
@pages.errorhandler(404)
def error_page(exc):
    """HTML error pages for the browser routes (the API keeps its JSON errors)."""
    status = getattr(exc, "code", 404)
    key = "common.notfound" if status == 404 else "common.error"
    return render(page_actor(), "error.html", translate(key), status=status, code=status)
