#!/usr/bin/env python3
"""Checks an introspection answer the way GraphQL tools read it (issue 16 §1).

Usage: introspection-conformance.py ANSWER.json SCHEMA.graphql

ANSWER.json is qunji's answer to graphql-core's get_introspection_query with every option on
(Tests/EngineTests/Fixtures/introspection-every-option.graphql). graphql-core's build_client_schema must
accept it (it checks every non-null field, e.g. __InputValue.isDeprecated), and the schema it rebuilds must
print exactly as SCHEMA.graphql does: every type, field, argument, default value, description, enum value,
interface and directive. Prints the first differences and exits 1 when they disagree.
"""
import difflib
import json
import sys

from graphql import build_client_schema, build_schema, print_schema


def main() -> int:
    answer_path, sdl_path = sys.argv[1], sys.argv[2]
    with open(answer_path, encoding="utf-8") as handle:
        answer = json.load(handle)
    if answer.get("errors"):
        print(f"the answer has errors: {answer['errors'][:3]}")
        return 1
    client = build_client_schema(answer["data"])
    with open(sdl_path, encoding="utf-8") as handle:
        served = build_schema(handle.read())
    expected, got = print_schema(served), print_schema(client)
    if expected != got:
        diff = list(difflib.unified_diff(expected.splitlines(), got.splitlines(), "schema", "introspection", lineterm="", n=1))
        print("\n".join(diff[:60]))
        return 1
    print(f"introspection of {sdl_path} rebuilds the same schema ({len(got.splitlines())} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
