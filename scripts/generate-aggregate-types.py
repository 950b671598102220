#!/usr/bin/env python3
"""Adds aggregates to schema/schema.graphql: for every entity T, `type TAggregate { count sum avg min max }`
with `TSumFields`/`TAvgFields` over its numeric fields and `TMinFields`/`TMaxFields` over its numeric and
date fields, and `aggregate: TAggregate!` on `TConnection`. Idempotent; run after the order and filter
generators.
"""
import pathlib, re
from schema_sections import MARKERS, load, unwrap
from graphql import build_schema, GraphQLObjectType, GraphQLNonNull, GraphQLScalarType

path, text, schema, entities = load("aggregate")
marker = MARKERS["aggregate"]



AGG_DOC = '''  """
  Aggregates over the whole filtered list (every row matching `where`), not only the page.
  """
  aggregate: {name}Aggregate!'''
def add_aggregate(match):
    return match.group(1) + "\n" + AGG_DOC.replace("{name}", match.group(2))
text = re.sub(r"(\ntype (\w+)Connection \{\n(?:  .*\n)*?  pageInfo: PageInfo!)", lambda m: add_aggregate(m), text)

out = [marker.strip("\n"), ""]
for name in entities:
    t = schema.type_map[name]
    numeric, ordered = [], []
    for field_name, field in t.fields.items():
        inner = unwrap(field.type)
        if isinstance(inner, GraphQLScalarType) and inner.name in ("Int", "Float", "Decimal"):
            numeric.append((field_name, inner.name))
            ordered.append((field_name, inner.name))
        elif isinstance(inner, GraphQLScalarType) and inner.name == "Date":
            ordered.append((field_name, "Date"))
    lines = [f'"""Aggregates over a list of {name} rows."""', f"type {name}Aggregate {{",
             '  """Number of rows."""', "  count: Int!"]
    if numeric:
        lines += ['  """Sums of the numeric fields (nulls ignored; null when no row has a value)."""', f"  sum: {name}SumFields!",
                  '  """Averages of the numeric fields (nulls ignored)."""', f"  avg: {name}AvgFields!"]
    if ordered:
        lines += ['  """Smallest values of the numeric and date fields."""', f"  min: {name}MinFields!",
                  '  """Largest values of the numeric and date fields."""', f"  max: {name}MaxFields!"]
    out += lines + ["}", ""]
    if numeric:
        out += [f'"""Sums over a list of {name} rows."""', f"type {name}SumFields {{"]
        for f, ty in numeric:
            out += [f'  """Sum of `{f}`."""', f"  {f}: {'Decimal' if ty == 'Decimal' else ty}"]
        out += ["}", "", f'"""Averages over a list of {name} rows."""', f"type {name}AvgFields {{"]
        for f, ty in numeric:
            out += [f'  """Average of `{f}`."""', f"  {f}: Float"]
        out += ["}", ""]
    if ordered:
        for which in ("Min", "Max"):
            out += [f'"""{"Smallest" if which == "Min" else "Largest"} values over a list of {name} rows."""',
                    f"type {name}{which}Fields {{"]
            for f, ty in ordered:
                out += [f'  """{"Smallest" if which == "Min" else "Largest"} `{f}`."""', f"  {f}: {ty}"]
            out += ["}", ""]
text = text.rstrip("\n") + "\n\n" + "\n".join(out)
path.write_text(text, encoding="utf-8")
build_schema(text)
print(f"aggregates for {len(entities)} entities; aggregate on {text.count('  aggregate: ')} connection types")
