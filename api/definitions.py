"""/api/v1/definitions: deploy and validate models, read versions and XML, start instances."""
from __future__ import annotations

import json

from flask import current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint

from engine.errors import ValidationFailed
from engine.repository import ModelFile

from .auth.access import ANALYSTS, ANYONE, WORKERS, access, actor
from .pagination import PAGINATED, paged
from .schemas.definitions import (
    DefinitionDetailSchema,
    DefinitionListArgsSchema,
    DefinitionSchema,
    DeployArgsSchema,
    DeploymentResultSchema,
    ValidationResultSchema,
    VersionArgsSchema,
)
from .schemas.instances import InstanceSchema, StartArgsSchema
from .smorest import PREFIX

blp = Blueprint("definitions", __name__, url_prefix=f"{PREFIX}/definitions",
                description="Process models and their versions")

# The request body of deploy and validate: multipart files, or one model as the body.
MODEL_BODY = {"content": {
    "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
        "file": {"type": "array", "items": {"type": "string", "format": "binary"}},
        "lane_map": {"type": "string", "description": "JSON object: lane id or name -> group code"}}}},
    "application/xml": {"schema": {"type": "string"}},
}}


def _engine():
    return current_app.extensions["pressdesk"]


def _uploaded(args: dict) -> tuple[list[ModelFile], dict[str, str]]:
    """The model files of a deploy/validate request, and its lane map."""
    if request.mimetype in ("application/xml", "text/xml"):
        name = args.get("filename") or "model.bpmn"
        return [ModelFile(name, request.get_data())], {}
    if request.mimetype != "multipart/form-data":
        raise ValidationFailed("send the model as multipart/form-data (field 'file') or as an "
                               "application/xml body", [{"field": "file", "message": "missing"}])
    files = [ModelFile(f.filename or "model.bpmn", f.read()) for f in request.files.getlist("file")]
    if not files:
        raise ValidationFailed("no model file: send it in the multipart field 'file'",
                               [{"field": "file", "message": "missing"}])
    raw = request.form.get("lane_map")
    if not raw:
        return files, {}
    try:
        lane_map = json.loads(raw)
    except ValueError:
        lane_map = None
    if not isinstance(lane_map, dict) or not all(isinstance(v, str) for v in lane_map.values()):
        raise ValidationFailed("lane_map must be a JSON object of lane id or name -> group code",
                               [{"field": "lane_map", "message": "not a JSON object of strings"}])
    return files, lane_map


@blp.route("")
class Definitions(MethodView):
    @access(*ANYONE)
    @blp.arguments(DefinitionListArgsSchema, location="query")
    @blp.response(200, DefinitionSchema(many=True), headers=PAGINATED)
    def get(self, args):
        """List process definitions (newest version of each, or every version)"""
        items, total = _engine().repository.definition_page(
            not args["all_versions"], args["page"], args["per_page"], args["sort"], args.get("order"),
            args.get("executable"))
        return paged(items, total, args)

    @access(*ANALYSTS)
    @blp.arguments(DeployArgsSchema, location="query")
    @blp.doc(requestBody=MODEL_BODY)
    @blp.response(201, DeploymentResultSchema)
    @blp.alt_response(200, schema=DeploymentResultSchema, description="every model was already deployed")
    def post(self, args):
        """Deploy BPMN, DMN and form files as new versions"""
        files, lane_map = _uploaded(args)
        views = _engine().repository.deploy(files, actor(), name=args.get("name"), lane_map=lane_map,
                                            bind_tasks=args.get("bind_tasks"))
        created = any(v.created for v in views) or not views
        first = views[0] if views else None
        body = {"key": first and first.key, "version": first and first.version, "id": first and first.id,
                "executable": first and first.executable, "created": created, "definitions": views}
        return body, 201 if created else 200


@blp.route("/validate")
class Validate(MethodView):
    @access(*ANALYSTS)
    @blp.arguments(DeployArgsSchema, location="query")
    @blp.doc(requestBody=MODEL_BODY)
    @blp.response(200, ValidationResultSchema)
    def post(self, args):
        """List every problem of models without deploying them"""
        files, lane_map = _uploaded(args)
        problems = _engine().repository.validate(files, lane_map, args.get("bind_tasks"))
        return {"valid": not problems, "errors": problems}


@blp.route("/<string:key>")
class Definition(MethodView):
    @access(*ANYONE)
    @blp.arguments(VersionArgsSchema, location="query")
    @blp.response(200, DefinitionDetailSchema)
    def get(self, args, key):
        """One definition (newest or given version) with all its versions"""
        repo = _engine().repository
        view = repo.get_definition(key, args.get("version"))
        return {**view.__dict__, "versions": repo.versions(key)}


@blp.route("/<string:key>/xml")
class DefinitionXml(MethodView):
    @access(*ANYONE)
    @blp.arguments(VersionArgsSchema, location="query")
    @blp.response(200, {"type": "string"}, content_type="application/xml")
    def get(self, args, key):
        """The BPMN XML of a version (newest by default)"""
        xml = _engine().repository.get_xml(key, args.get("version"))
        return current_app.response_class(xml, mimetype="application/xml")


@blp.route("/<string:key>/instances")
class StartInstance(MethodView):
    @access(*WORKERS)
    @blp.arguments(StartArgsSchema)
    @blp.response(201, InstanceSchema)
    def post(self, args, key):
        """Start an instance of the newest (or given) version"""
        return _engine().runtime.start(key, actor(), args["variables"], args.get("business_key"),
                                       args.get("version"))
