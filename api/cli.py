"""The `pressdesk` command: database, deployment, audit and the server.

Every failure is one clear line on stderr and a non-zero exit code (1 = refused/failed, 2 = usage).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from engine.config import ROOT, Settings, SettingsError
from engine.errors import EngineError
from engine.identity import SYSTEM


def _engine():
    from engine.process_engine import ProcessEngine

    return ProcessEngine(Settings())


def _fail(message: str, code: int = 1) -> None:
    click.echo(f"pressdesk: error: {message}", err=True)
    sys.exit(code)


@click.group()
def cli() -> None:
    """pressdesk — BPMN workflow engine for the province's press-information procedures."""


@cli.group()
def db() -> None:
    """Database schema commands."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database schema to the newest version."""
    from engine.db.migrate import upgrade

    settings = Settings()
    upgrade(settings.database_url)
    click.echo("database is up to date")


def _lane_map(path: str | None) -> dict[str, str]:
    if not path:
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        _fail(f"cannot read lane map {path}: {exc}")
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        _fail(f"lane map {path} must be a JSON object of lane name/id -> group code")
    return data


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--lane-map", type=click.Path(), help="JSON file mapping lane names or ids to group codes.")
@click.option("--bind-tasks", metavar="TOPIC",
              help="Connector (e.g. noop) for service, send and business rule tasks that have none.")
def deploy(paths: tuple[str, ...], lane_map: str | None, bind_tasks: str | None) -> None:
    """Deploy BPMN, DMN and form files (or folders of them) as new versions."""
    from engine.repository import read_model_files

    engine = _engine()
    views = engine.repository.deploy(read_model_files([Path(p) for p in paths]), SYSTEM,
                                     lane_map=_lane_map(lane_map), bind_tasks=bind_tasks)
    for v in views:
        note = "" if v.created else " (unchanged)"
        kind = "" if v.executable else " [not executable]"
        click.echo(f"{v.key} version {v.version}{kind}{note}")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--lane-map", type=click.Path(), help="JSON file mapping lane names or ids to group codes.")
def validate(paths: tuple[str, ...], lane_map: str | None) -> None:
    """Check model files without deploying them; lists every problem."""
    from engine.repository import read_model_files

    engine = _engine()
    problems = engine.repository.validate(read_model_files([Path(p) for p in paths]), _lane_map(lane_map))
    for p in problems:
        where = ":".join(str(x) for x in (p.get("file"), p.get("line")) if x)
        element = f" [{p['element_id']}]" if p.get("element_id") else ""
        click.echo(f"{where or '-'}{element}: {p['message']}")
    if problems:
        _fail(f"{len(problems)} problem(s) found")
    click.echo("valid")


@cli.group()
def audit() -> None:
    """Verify and export the tamper-evident history."""


@audit.command("verify")
@click.option("--instance", help="Verify one instance's chain only.")
def audit_verify(instance: str | None) -> None:
    """Recompute every hash of the history chains; exit 1 if any was altered."""
    result = _engine().history.verify(instance)
    if not result.ok:
        _fail(f"history broken in chain {result.chain} at event {result.broken_at}: {result.reason} "
              f"({result.checked} events verified before it)")
    click.echo(f"ok: {result.checked} events verified")


@audit.command("export")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
def audit_export(fmt: str) -> None:
    """Write every history event to stdout."""
    for line in _engine().history.export(fmt):
        sys.stdout.write(line)


@cli.command()
@click.argument("spec", required=False)
def organisation(spec: str | None) -> None:
    """Write an organisation's groups (kinds, leaders, functions) into the database, without users.

    SPEC is a name (dong-nai, lai-chau) or a path; default PRESSDESK_ORGANISATION, else Đồng Nai."""
    from .demo import seed_organisation

    engine = _engine()
    for line in seed_organisation(engine, ROOT, with_users=False, organisation=spec):
        click.echo(line)
    engine.dispose()


@cli.command()
@click.option("--demo", is_flag=True, help="Seed the demo organisation and users, deploy processes/.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=None, type=int,
              help="Web worker processes (default: 1 on SQLite, else 2).")
def serve(demo: bool, host: str, port: int, workers: int | None) -> None:
    """Migrate the database and run the web server (gunicorn)."""
    from engine.db.migrate import upgrade

    from .server import run_server

    settings = Settings()
    upgrade(settings.database_url)
    if demo:
        from .demo import seed_demo

        engine = _engine()
        for line in seed_demo(engine, ROOT):
            click.echo(line)
        engine.dispose()
    run_server(host, port, workers or (1 if settings.database_url.startswith("sqlite") else 2))


@cli.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.option("--concurrency", default=None, type=int, help="Processes (or threads) running tasks.")
@click.option("--pool", default=None, help="Celery pool: prefork (default), solo or threads.")
@click.pass_context
def worker(ctx: click.Context, concurrency: int | None, pool: str | None) -> None:
    """Run a Celery worker: fires due timers and runs jobs (needs PRESSDESK_BROKER_URL)."""
    extra = list(ctx.args)
    if concurrency:
        extra += ["--concurrency", str(concurrency)]
    if pool:
        extra += ["--pool", pool]
    _celery("worker", extra)


@cli.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.pass_context
def beat(ctx: click.Context) -> None:
    """Run Celery beat: wakes the dispatcher every PRESSDESK_TICK_SECONDS (needs PRESSDESK_BROKER_URL)."""
    _celery("beat", list(ctx.args))


def _celery(command: str, extra: list[str]) -> None:
    if not Settings().broker_url:
        _fail("PRESSDESK_BROKER_URL is not set (e.g. redis://127.0.0.1:6379/0); without a broker, "
              "`pressdesk serve` runs timers and jobs itself")
    from .worker import app, main_argv

    app.start(main_argv(command, extra))


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        _fail("aborted", 1)
    except click.ClickException as exc:
        _fail(exc.format_message(), 2)
    except EngineError as exc:
        _fail(exc.message)
    except SettingsError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(str(exc))
    except Exception as exc:
        if exc.__class__.__module__.startswith("sqlalchemy"):
            _fail(f"database error: {str(exc).splitlines()[0]}")
        raise


if __name__ == "__main__":
    main()
