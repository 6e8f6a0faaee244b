"""JSON Schemas of the curriculum files, so editors can autocomplete and check lesson YAML."""

from __future__ import annotations

import json

from .kits import KitSpec
from .model import Lesson, Node, Profile, Unit

KINDS: dict[str, type[Node]] = {"lesson": Lesson, "unit": Unit, "profile": Profile, "kit": KitSpec}


def schema_json(kind: str) -> str:
    """The JSON Schema of one file kind, as stable, pretty-printed JSON."""
    schema = KINDS[kind].model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"kitgen {kind} file"
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
