#!/usr/bin/env python3
"""Adds ordering to schema/schema.graphql: the OrderDirection enum, one `<Type>OrderBy` input per entity
(its scalar and enum fields, and its to-one relations as nested inputs), and an `orderBy` argument on every
connection field. Idempotent: an SDL that already has them is rewritten the same way.

Fields the catalog marks `sortable: false` are listed in NOT_SORTABLE below.
"""
import pathlib, re
from schema_sections import MARKERS, catalog, load, unwrap
from graphql import build_schema, GraphQLObjectType, GraphQLNonNull, GraphQLList, GraphQLScalarType, GraphQLEnumType

# From the catalog the server sorts with (`qunji schema catalog`).
NOT_SORTABLE = {(f["type"], f["field"]) for f in catalog()["unsortable"]}

path, text, schema, entities = load("order")
marker = MARKERS["order"]



ORDER_DOC = '''    """
    Sort order: a list of single-key inputs applied in turn, e.g. `[{name: ASC}]`, or a related row's field
    `[{county: {name: DESC}}]`. The key is always appended as the last tie-breaker, so the order is total and
    cursors stay stable. An input with no key or with two keys is an error; a cursor is valid only with the
    order it was issued under.
    """
    orderBy: [{name}OrderBy!]'''

def add_order(match):
    entity = match.group(2)
    if entity not in entities:
        return match.group(0)
    return match.group(1) + "\n" + ORDER_DOC.replace("{name}", entity) + "\n  ): " + entity + "Connection!"
text = re.sub(r"(\n    offset: Int)\n  \): (\w+)Connection!", add_order, text)
text = re.sub(r"(\n    offset: Int)\n  \): (\w+)Connection!", add_order, text)

out = [marker.strip("\n"), "",
       '"""Direction of one sort key. Without a NULLS suffix, nulls sort as PostgreSQL does: last for ASC, first for DESC."""',
       "enum OrderDirection {",
       '  """Ascending (nulls last)."""', "  ASC",
       '  """Descending (nulls first)."""', "  DESC",
       '  """Ascending, nulls first."""', "  ASC_NULLS_FIRST",
       '  """Ascending, nulls last."""', "  ASC_NULLS_LAST",
       '  """Descending, nulls first."""', "  DESC_NULLS_FIRST",
       '  """Descending, nulls last."""', "  DESC_NULLS_LAST",
       "}", ""]
for name in entities:
    t = schema.type_map[name]
    lines = []
    for field_name, field in t.fields.items():
        if field_name == "id" or (name, field_name) in NOT_SORTABLE:
            continue
        inner = unwrap(field.type)
        if isinstance(inner, GraphQLList):
            continue
        if isinstance(inner, (GraphQLScalarType, GraphQLEnumType)):
            lines.append(f'  """Sort by `{field_name}`."""')
            lines.append(f"  {field_name}: OrderDirection")
        elif isinstance(inner, GraphQLObjectType) and inner.name in entities:
            lines.append(f'  """Sort by a field of the related `{field_name}` ({inner.name}); rows without one sort as nulls."""')
            lines.append(f"  {field_name}: {inner.name}OrderBy")
    out.append(f'"""One sort key for lists of {name}: set exactly one field."""')
    out.append(f"input {name}OrderBy {{")
    out.extend(lines)
    out.append("}")
    out.append("")
text = text.rstrip("\n") + "\n\n" + "\n".join(out)
path.write_text(text, encoding="utf-8")
build_schema(text)
print(f"{len(entities)} OrderBy inputs; orderBy on {text.count('orderBy: [')} connection fields")
