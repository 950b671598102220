#!/usr/bin/env python3
"""Checks that schema/schema.graphql builds and that every type, field, argument and enum value has a description.

Descriptions are what users read in a GraphQL explorer, so a missing one is a defect of the public contract.
Needs graphql-core (`pip install graphql-core`). Usage: scripts/check-schema-descriptions.py [SCHEMA_FILE]
Exits 1 and lists every element without a description.
"""
import pathlib
import sys

from graphql import (GraphQLEnumType, GraphQLInputObjectType, GraphQLInterfaceType, GraphQLObjectType,
                     GraphQLScalarType, GraphQLUnionType, build_schema)

path = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parent.parent / "schema/schema.graphql")
schema = build_schema(path.read_text(encoding="utf-8"))
missing = []


def need(owner, description):
    if not (description or "").strip():
        missing.append(owner)


for name, named in schema.type_map.items():
    if name.startswith("__") or (isinstance(named, GraphQLScalarType) and name in ("String", "Int", "Float",
                                                                                  "Boolean", "ID")):
        continue  # introspection and built-in types are described by the spec
    need(name, named.description)
    if isinstance(named, (GraphQLObjectType, GraphQLInterfaceType)):
        for field_name, field in named.fields.items():
            need(f"{name}.{field_name}", field.description)
            for arg_name, arg in field.args.items():
                need(f"{name}.{field_name}({arg_name}:)", arg.description)
    elif isinstance(named, GraphQLInputObjectType):
        for field_name, field in named.fields.items():
            need(f"{name}.{field_name}", field.description)
    elif isinstance(named, GraphQLEnumType):
        for value_name, value in named.values.items():
            need(f"{name}.{value_name}", value.description)
    elif isinstance(named, GraphQLUnionType):
        pass

if missing:
    print(f"{path}: {len(missing)} element(s) without a description:", file=sys.stderr)
    for owner in missing:
        print(f"  {owner}", file=sys.stderr)
    sys.exit(1)
print(f"{path}: every type, field, argument and enum value is described ({len(schema.type_map)} types)")
