"""REST naming without settings: the resource tree and method names read off the paths, the
fallbacks, collisions, titles, and the Python names of arguments (issue 20)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.diagnostics import GenerationError
from generator.ir import naming, rest_names
from generator.ir.build import build_api
from generator.ir.nodes import Api, Resource
from generator.pipeline import load_documents
from generator.settings import Settings, load_settings


def _api(
    tmp_path: Path, paths: dict[str, Any], title: str = "Shop API", **settings: Any
) -> Api:
    spec = {
        "openapi": "3.1.0",
        "info": {"title": title, "version": "1"},
        "paths": paths,
    }
    file = tmp_path / "spec.yaml"
    file.write_text(yaml.safe_dump(spec), encoding="utf-8")
    return build_api(load_documents(file), Settings(**settings), [])


def _methods(api: Api) -> dict[str, str]:
    """``"get /pets/{id}"`` → ``"pets.retrieve"``."""
    out: dict[str, str] = {}

    def walk(resource: Resource) -> None:
        for op in resource.operations:
            out[op.key] = ".".join((*resource.path, op.name))
        for child in resource.children:
            walk(child)

    for top in api.resources:
        walk(top)
    return out


def _op(
    op_id: str | None = None, params: list[dict[str, Any]] | None = None, **extra: Any
) -> dict[str, Any]:
    node: dict[str, Any] = {"responses": {"200": {"description": "ok"}}, **extra}
    if op_id:
        node["operationId"] = op_id
    if params:
        node["parameters"] = params
    return node


def _path_param(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def test_collections_items_and_actions_take_rest_names(tmp_path: Path) -> None:
    item = [_path_param("petId")]
    api = _api(
        tmp_path,
        {
            "/v1/pets": {"get": _op("listAllPets"), "post": _op("addPet")},
            "/v1/pets/{petId}": {
                "get": _op("showPetById", item),
                "patch": _op("patchPet", item),
                "delete": _op("removePet", item),
            },
            "/v1/pets/{petId}/cancel": {"post": _op("cancelPet", item)},
            "/api/threads/{thread_id}/runs": {
                "get": _op("listRuns", [_path_param("thread_id")])
            },
            "/api/threads/{thread_id}/runs/{run_id}": {
                "get": _op("getRun", [_path_param("thread_id"), _path_param("run_id")])
            },
            "/chat/completions": {"post": _op("createChatCompletion")},
        },
    )
    assert _methods(api) == {
        "get /v1/pets": "pets.list",
        "post /v1/pets": "pets.create",
        "get /v1/pets/{petId}": "pets.retrieve",
        "patch /v1/pets/{petId}": "pets.update",
        "delete /v1/pets/{petId}": "pets.delete",
        "post /v1/pets/{petId}/cancel": "pets.cancel",
        "get /api/threads/{thread_id}/runs": "threads.runs.list",
        "get /api/threads/{thread_id}/runs/{run_id}": "threads.runs.retrieve",
        "post /chat/completions": "chat.completions.create",
    }


def test_a_singleton_is_retrieved_and_updated_and_a_plural_tail_is_a_collection(
    tmp_path: Path,
) -> None:
    item = [_path_param("id")]
    api = _api(
        tmp_path,
        {
            "/projects/{id}/spend_limit": {
                "get": _op("getLimit", item),
                "post": _op("setLimit", item),
            },
            "/uploads/{id}/parts": {"post": _op("addPart", item)},
        },
    )
    assert _methods(api) == {
        "get /projects/{id}/spend_limit": "projects.spend_limit.retrieve",
        "post /projects/{id}/spend_limit": "projects.spend_limit.update",
        "post /uploads/{id}/parts": "uploads.parts.create",
    }


def test_paths_without_static_segments_fall_back_to_tags_and_operation_ids(
    tmp_path: Path,
) -> None:
    api = _api(
        tmp_path,
        {
            "/{id}": {"get": _op("fetchThing", [_path_param("id")], tags=["Things"])},
            "/v2/{id}": {"delete": _op(None, [_path_param("id")])},
        },
    )
    assert _methods(api) == {
        "get /{id}": "things.fetch_thing",
        "delete /v2/{id}": "default.delete",
    }


def test_colliding_rest_names_take_operation_ids_except_the_one_that_ranks_first(
    tmp_path: Path,
) -> None:
    api = _api(
        tmp_path,
        {
            # Both want threads.runs.create: the one nested under an item keeps it.
            "/threads/runs": {"post": _op("createThreadAndRun")},
            "/threads/{thread_id}/runs": {
                "post": _op("createRun", [_path_param("thread_id")])
            },
            # Both want items.list and rank the same: both take their operationIds.
            "/items": {"get": _op("listItems")},
            "/items/": {"get": _op("listItemsSlash")},
        },
    )
    assert _methods(api) == {
        "post /threads/runs": "threads.runs.create_thread_and_run",
        "post /threads/{thread_id}/runs": "threads.runs.create",
        "get /items": "items.list_items",
        "get /items/": "items.list_items_slash",
    }
    # The same collisions whatever the order of the paths in the document.
    ops = [
        rest_names.Op("get /a", "get", "/a", {"operationId": "one"}),
        rest_names.Op("get /a/", "get", "/a/", {"operationId": "two"}),
    ]
    assert rest_names.place(ops) == rest_names.place(list(reversed(ops)))


def test_a_method_named_like_a_resource_beside_it_takes_its_operation_id(
    tmp_path: Path,
) -> None:
    # LlamaCloud's shapes: an action that is also a resource, and a verb that is also a path
    # segment. The method would replace the resource on the class (the conformance run called
    # pipelines.sync.cancel and got "'function' object has no attribute 'cancel'").
    item = [_path_param("pipeline_id")]
    api = _api(
        tmp_path,
        {
            "/pipelines/{pipeline_id}/sync": {"post": _op("syncPipeline", item)},
            "/pipelines/{pipeline_id}/sync/cancel": {"post": _op("cancelSync", item)},
            "/retrievers/{retriever_id}": {
                "get": _op("getRetriever", [_path_param("retriever_id")])
            },
            "/retrievers/retrieve": {"post": _op("directRetrieve")},
            "/stores/{store_id}/sync": {"post": _op(None, [_path_param("store_id")])},
            "/stores/{store_id}/sync/cancel": {
                "post": _op(None, [_path_param("store_id")])
            },
        },
    )
    methods = _methods(api)
    assert methods["post /pipelines/{pipeline_id}/sync"] == "pipelines.sync_pipeline"
    # A singular word after a resource under an item is an action on that resource.
    assert (
        methods["post /pipelines/{pipeline_id}/sync/cancel"] == "pipelines.sync.cancel"
    )
    assert methods["get /retrievers/{retriever_id}"] == "retrievers.get_retriever"
    assert methods["post /retrievers/retrieve"] == "retrievers.retrieve.create"
    # No operationId: the name and the HTTP method.
    assert methods["post /stores/{store_id}/sync"] == "stores.sync_post"


def test_a_resource_named_like_its_parent_gets_a_class_of_its_own(
    tmp_path: Path,
) -> None:
    # GitHub's /teams/{team_id}/teams: teams.teams; one TeamsResource class for both made the
    # parent's module import the child's class over its own (mypy: 184 errors).
    team = [_path_param("team_id")]
    api = _api(
        tmp_path,
        {
            "/teams/{team_id}": {"get": _op("getTeam", team)},
            "/teams/{team_id}/teams": {"get": _op("listChildTeams", team)},
        },
    )
    [teams] = api.resources
    [child] = teams.children
    assert (teams.path, child.path) == (("teams",), ("teams", "teams"))
    assert teams.class_name == "TeamsResource"
    assert child.class_name == "TeamsTeamsResource"


def test_naming_tags_keeps_the_tag_and_operation_id_names(tmp_path: Path) -> None:
    api = _api(
        tmp_path,
        {
            "/v1/pets/{petId}": {
                "get": _op("showPetById", [_path_param("petId")], tags=["Pets"])
            }
        },
        naming="tags",
    )
    assert _methods(api) == {"get /v1/pets/{petId}": "pets.show_pet_by_id"}


def test_arguments_are_snake_case_path_first_then_required_then_optional_in_spec_order(
    tmp_path: Path,
) -> None:
    params = [
        {"name": "zLimit", "in": "query", "schema": {"type": "integer"}},
        {
            "name": "storeId",
            "in": "path",
            "required": True,
            "schema": {"type": "string"},
        },
        {
            "name": "Sort-Order",
            "in": "query",
            "required": True,
            "schema": {"type": "string"},
        },
        {"name": "aCursor", "in": "query", "schema": {"type": "string"}},
        {"name": "petId", "in": "path", "required": True, "schema": {"type": "string"}},
    ]
    api = _api(
        tmp_path, {"/stores/{storeId}/pets/{petId}": {"get": _op("get", params)}}
    )
    (op,) = api.resources[0].children[0].operations
    assert [(p.name, p.wire) for p in op.parameters] == [
        ("store_id", "storeId"),  # path parameters in the path's order
        ("pet_id", "petId"),
        ("sort_order", "Sort-Order"),  # then required ones
        ("z_limit", "zLimit"),  # then optional ones, in spec order (not alphabetical)
        ("a_cursor", "aCursor"),
    ]


def test_titles_give_short_clean_names(tmp_path: Path) -> None:
    api = _api(tmp_path, {}, title="OpenAI API")
    assert (api.package, api.client_class, api.env_api_key, api.cli_command) == (
        "openai",
        "OpenAI",
        "OPENAI_API_KEY",
        "openai",
    )
    long = "Spotify Web API with fixes and improvements from sonallux"
    assert naming.title_names(long) == ("spotify", "Spotify", "SPOTIFY", "spotify")
    assert naming.title_names("Swagger Petstore - OpenAPI 3.0") == (
        "swagger_petstore",
        "SwaggerPetstore",
        "SWAGGER_PETSTORE",
        "swagger-petstore",
    )
    assert naming.title_names("GitHub v3 REST API")[:2] == ("github", "GitHub")
    # At most three words for the package, two for the command.
    assert naming.title_names("Acme Cloud Storage Billing Service") == (
        "acme_cloud_storage",
        "AcmeCloudStorage",
        "ACME_CLOUD_STORAGE",
        "acme-cloud",
    )
    # A generic word stays after a name too short to stand alone.
    assert naming.title_names("My API") == ("my_api", "MyAPI", "MY_API", "my-api")
    # Nothing left but generic words: the whole title, as before.
    assert naming.title_names("REST API")[0] == "rest_api"


def test_an_unknown_naming_style_is_a_located_settings_error(tmp_path: Path) -> None:
    config = tmp_path / "sdk.yaml"
    config.write_text("package: shop\nnaming: camel\n", encoding="utf-8")
    with pytest.raises(GenerationError) as caught:
        load_settings(config)
    (problem,) = caught.value.diagnostics
    assert (problem.line, problem.pointer) == (2, "/naming")
    assert "rest, tags" in problem.message
    config.write_text("naming: tags\n", encoding="utf-8")
    assert load_settings(config).naming == "tags"
