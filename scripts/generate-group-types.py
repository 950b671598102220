#!/usr/bin/env python3
"""Adds group-by to schema/schema.graphql (issue 4 §3): clusterGroups, enterpriseGroups, supportMeasureGroups
and indicatorGroups on Query, with their dimension enums, key types, group types (count plus the entity's
sum/avg/min/max), `having` and `orderBy` inputs. Idempotent; run after the aggregate generator.
"""
import pathlib, re
from schema_sections import MARKERS, catalog, load, unwrap
from graphql import build_schema

path, text, schema, entities = load("group")
marker = MARKERS["group"]

# The dimensions of each …Groups field, from the catalog the server compiles them with (`qunji schema catalog`).
DESCRIBED = catalog()["groups"]
DIMS = {d["name"]: (d["keyField"], d["keyType"], d["description"]) for g in DESCRIBED for d in g["dimensions"]}
GROUPS = [(g["field"], g["entity"], [d["name"] for d in g["dimensions"]]) for g in DESCRIBED]
filters = {"Int": "IntFilter", "Float": "FloatFilter", "Decimal": "DecimalFilter", "Date": "DateFilter"}

AS_OF = '''
    """The day status, validity and revocation risks are judged on (default: today)."""
    asOf: Date'''
AS_OF_ENTERPRISE = '''
    """The day titles are taken on, for QUALIFICATION_KIND: titles valid then (default: today)."""
    asOf: Date'''
root_fields = []
out = [marker.strip("\n"), ""]
for field, entity, dims in GROUPS:
    agg = schema.type_map[f"{entity}Aggregate"]
    parts = [p for p in ("sum", "avg", "min", "max") if p in agg.fields]
    root_fields.append(f'''  """
  Groups of {entity} rows by one or more dimensions, each with its key and the aggregates of its rows:
  `{field}(groupBy: [...]) {{ key {{ ... }} count sum {{ ... }} }}`. Rows are filtered by `where` before grouping,
  groups by `having` after; default order: by the keys. At most `first` groups (default 100, at most 1000).
  """
  {field}(
    """The dimensions to group by (at least one; each at most once)."""
    groupBy: [{entity}GroupDimension!]!
    """Only rows matching this filter are grouped."""
    where: {entity}Filter
    """Only groups whose aggregates match this filter are returned."""
    having: {entity}GroupHaving
    """Sort order of the groups: single-key inputs on the count, an aggregate or a key; the keys are appended."""
    orderBy: [{entity}GroupOrderBy!]
    """Return at most this many groups (default 100, at most 1000)."""
    first: Int{AS_OF if entity == "Cluster" else AS_OF_ENTERPRISE if entity == "Enterprise" else ""}
  ): [{entity}Group!]!''')
    out += [f'"""What {field} can group by."""', f"enum {entity}GroupDimension {{"]
    for d in dims:
        out += [f'  """{DIMS[d][2]}"""', f"  {d}"]
    out += ["}", "", f'"""The key of one group of {entity} rows: the grouped dimensions are set, the others null."""',
            f"type {entity}GroupKey {{"]
    for d in dims:
        out += [f'  """{DIMS[d][2]}"""', f"  {DIMS[d][0]}: {DIMS[d][1]}"]
    out += ["}", "", f'"""One group of {entity} rows."""', f"type {entity}Group {{",
            '  """The values grouped on."""', f"  key: {entity}GroupKey!", '  """Number of rows in the group."""', "  count: Int!"]
    for p in parts:
        out += [f'  """{p} of the numeric{" and date" if p in ("min", "max") else ""} fields over the group."""',
                f"  {p}: {entity}{p.capitalize()}Fields!"]
    out += ["}", "", f'"""Conditions on the aggregates of a group of {entity} rows (all must hold)."""',
            f"input {entity}GroupHaving {{", '  """Condition on the number of rows."""', "  count: IntFilter"]
    for p in parts:
        out += [f'  """Conditions on the {p} of fields."""', f"  {p}: {entity}{p.capitalize()}Having"]
    out += ["}", ""]
    for p in parts:
        fields_type = schema.type_map[f"{entity}{p.capitalize()}Fields"]
        out += [f'"""Conditions on the {p} of {entity} fields over a group."""', f"input {entity}{p.capitalize()}Having {{"]
        for fname, f in fields_type.fields.items():
            out += [f'  """Condition on the {p} of `{fname}`."""', f"  {fname}: {filters[str(f.type).rstrip('!')]}"]
        out += ["}", "", f'"""Sort groups by the {p} of one {entity} field."""', f"input {entity}{p.capitalize()}OrderBy {{"]
        for fname in fields_type.fields:
            out += [f'  """Sort by the {p} of `{fname}`."""', f"  {fname}: OrderDirection"]
        out += ["}", ""]
    out += [f'"""Sort groups by a key of {entity} groups (its code, year or text)."""', f"input {entity}GroupKeyOrderBy {{"]
    for d in dims:
        out += [f'  """Sort by `{DIMS[d][0]}`."""', f"  {DIMS[d][0]}: OrderDirection"]
    out += ["}", "", f'"""One sort key for {entity} groups: set exactly one field."""', f"input {entity}GroupOrderBy {{",
            '  """Sort by the number of rows."""', "  count: OrderDirection", '  """Sort by a key."""', f"  key: {entity}GroupKeyOrderBy"]
    for p in parts:
        out += [f'  """Sort by the {p} of a field."""', f"  {p}: {entity}{p.capitalize()}OrderBy"]
    out += ["}", ""]

anchor = '''  """Look up a plan-period target by its code. Null when none matches."""'''
text = text.replace(anchor, "\n".join(root_fields) + "\n" + anchor, 1)
text = text.rstrip("\n") + "\n\n" + "\n".join(out)
path.write_text(text, encoding="utf-8")
build_schema(text)
print("group-by for", ", ".join(g[0] for g in GROUPS))
