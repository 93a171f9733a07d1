"""The JSON Schema of brief.json (consensus.brief/1), generated from the Pydantic models.

`python -m consensus.schema > schema/brief.schema.json` regenerates the committed copy; a test keeps it in sync.
"""

import json

from .models import Brief


def brief_schema() -> dict:
    schema = Brief.model_json_schema(by_alias=True, mode="serialization")
    schema["$id"] = "https://consensus.invalid/schema/brief.schema.json"
    schema["title"] = "consensus.brief/1"
    return schema


def schema_text() -> str:
    return json.dumps(brief_schema(), indent=1, sort_keys=True) + "\n"


if __name__ == "__main__":
    print(schema_text(), end="")
