#!/usr/bin/env python3
"""Adds filtering to schema/schema.graphql: typed operator inputs (IntFilter, FloatFilter, DecimalFilter,
DateFilter, StringFilter, IDFilter, BooleanFilter, one per enum), one `<Type>Filter` per entity (and/or/not,
an operator input per scalar field, the related entity's filter for to-one relations, some/every/none for
to-many ones) and a `where` argument on every connection field. Idempotent. Run it after
generate-order-inputs.py, which rewrites everything after its own section.
"""
import pathlib, re
from schema_sections import MARKERS, add_distribution_where, catalog, load, unwrap
from graphql import (build_schema, GraphQLObjectType, GraphQLNonNull, GraphQLList, GraphQLScalarType,
                     GraphQLEnumType, get_named_type)

# From the catalog the server compiles filters with (`qunji schema catalog`): fields that cannot be filtered by, and
# the types backed by the policy-rule SQL functions (no table, no id), filterable like entities inside the fields
# that return them.
DESCRIBED = catalog()
NOT_FILTERABLE = {(f["type"], f["field"]) for f in DESCRIBED["unsortable"]}
DERIVED = DESCRIBED["derivedTypes"]
path, text, schema, entities = load("filter")
marker = MARKERS["filter"]



WHERE_DOC = '''    """
    Only items matching this filter (all conditions of one input object must hold; use `or` for
    alternatives). Counts, pages and cursors all apply to the filtered list.
    """
    where: {name}Filter'''

def add_where(match):
    return match.group(1) + "\n" + WHERE_DOC.replace("{name}", match.group(2)) + match.group(3)
text = re.sub(r"(\n    orderBy: \[(\w+)OrderBy!\])(\n  \): \w+Connection!)", add_where, text)

COMMON = [
    ("eq", "Equal to the value."),
    ("ne", "Not equal to the value (rows where the field is null never match, as in SQL)."),
    ("in", "Equal to one of the values; an empty list matches nothing."),
    ("notIn", "Equal to none of the values; an empty list matches every non-null value."),
]
ORDERED = [("lt", "Less than the value."), ("lte", "Less than or equal to the value."),
           ("gt", "Greater than the value."), ("gte", "Greater than or equal to the value.")]
IS_NULL = [("isNull", "true: only rows where the field is null; false: only rows where it is not.")]
STRING = [("like", "SQL LIKE pattern, case-sensitive: `%` any run of characters, `_` one character."),
          ("ilike", "SQL ILIKE pattern: like `like`, ignoring case."),
          ("startsWith", "Starts with the text (taken literally: `%` and `_` are not wildcards)."),
          ("contains", "Contains the text (taken literally)."),
          ("istartsWith", "Starts with the text, ignoring case."),
          ("icontains", "Contains the text, ignoring case.")]

def operator_input(name, scalar, ops, doc):
    lines = [f'"""{doc} Operators combine with AND; a null operand is ignored (GraphQL: null means absent)."""',
             f"input {name} {{"]
    for op, op_doc in ops:
        if op in ("in", "notIn"):
            t = f"[{scalar}!]"
        elif op == "isNull":
            t = "Boolean"
        else:
            t = scalar
        lines += [f'  """{op_doc}"""', f"  {op}: {t}"]
    return lines + ["}", ""]

out = [marker.strip("\n"), ""]
out += operator_input("IntFilter", "Int", COMMON + ORDERED + IS_NULL, "Conditions on an Int field.")
out += operator_input("FloatFilter", "Float", COMMON + ORDERED + IS_NULL, "Conditions on a Float field.")
out += operator_input("DecimalFilter", "Decimal", COMMON + ORDERED + IS_NULL,
                      "Conditions on a Decimal field (compared exactly, as numeric).")
out += operator_input("DateFilter", "Date", COMMON + ORDERED + IS_NULL, "Conditions on a Date field (YYYY-MM-DD).")
out += operator_input("StringFilter", "String", COMMON + ORDERED + IS_NULL + STRING,
                      "Conditions on a String field (ordering comparisons use the database's collation).")
out += operator_input("IDFilter", "ID", COMMON + IS_NULL, "Conditions on an ID field.")
out += operator_input("BooleanFilter", "Boolean", [COMMON[0], COMMON[1]] + IS_NULL, "Conditions on a Boolean field.")
# Operator inputs for the enums that entity fields use (not for the compiler's own enums).
enums = sorted({unwrap(f.type).name for n in entities + DERIVED for f in schema.type_map[n].fields.values()
                if isinstance(unwrap(f.type), GraphQLEnumType)})
for e in enums:
    out += operator_input(f"{e}Filter", e, COMMON + IS_NULL, f"Conditions on a {e} field.")

scalar_filter = {"Int": "IntFilter", "Float": "FloatFilter", "Decimal": "DecimalFilter", "Date": "DateFilter",
                 "String": "StringFilter", "ID": "IDFilter", "Boolean": "BooleanFilter"}
def list_filter(name, of):
    return [f'"""Conditions on a list of {of} {name} rows."""', f"input {name}ListFilter {{",
            f'  """At least one row matches (with an empty filter: at least one exists)."""', f"  some: {name}Filter",
            f'  """Every row matches (true when there are none)."""', f"  every: {name}Filter",
            f'  """No row matches (with an empty filter: none exists)."""', f"  none: {name}Filter",
            f'  """How many rows there are (those matching `where`, when given), e.g. `{{count: {{gte: 2}}}}`."""',
            "  count: IntFilter",
            f'  """Which rows `count` counts."""', f"  where: {name}Filter"]

extra = []  # inputs for fields with arguments: the arguments beside the conditions
for name in entities + DERIVED:
    t = schema.type_map[name]
    lines = [f'"""Conditions on {name} rows: every field set here must hold (AND)."""', f"input {name}Filter {{",
             '  """All of these filters hold; an empty list is true."""', f"  and: [{name}Filter!]",
             '  """At least one of these filters holds; an empty list is false."""', f"  or: [{name}Filter!]",
             '  """This filter does not hold."""', f"  not: {name}Filter"]
    for field_name, field in t.fields.items():
        if field_name == "id" or (name, field_name) in NOT_FILTERABLE:
            continue
        is_list = isinstance(unwrap(field.type), GraphQLList)
        inner = get_named_type(field.type) if is_list else unwrap(field.type)
        if isinstance(inner, GraphQLScalarType):
            lines += [f'  """Condition on `{field_name}`."""', f"  {field_name}: {scalar_filter[inner.name]}"]
        elif isinstance(inner, GraphQLEnumType):
            lines += [f'  """Condition on `{field_name}`."""', f"  {field_name}: {inner.name}Filter"]
        elif isinstance(inner, GraphQLObjectType) and (inner.name in entities or inner.name in DERIVED):
            base = f"{inner.name}ListFilter" if is_list else f"{inner.name}Filter"
            if field.args:
                # A dedicated input: the field's arguments, then the conditions of the base filter.
                input_name = f"{name}{field_name[0].upper()}{field_name[1:]}Filter"
                doc = "some, every or none of them match" if is_list else "it matches"
                lines += [f'  """Conditions on `{field_name}` (with its arguments): {doc}."""',
                          f"  {field_name}: {input_name}"]
                body = [f'"""Conditions on `{name}.{field_name}`: the field\'s arguments, then conditions on its result."""',
                        f"input {input_name} {{"]
                for arg_name, arg in field.args.items():
                    body += [f'  """As the `{arg_name}` argument of `{field_name}`."""', f"  {arg_name}: {arg.type}"]
                extra.append((body, base, is_list))
            elif is_list:
                lines += [f'  """Conditions on `{field_name}`: some, every or none of them match."""',
                          f"  {field_name}: {base}"]
            else:
                lines += [f'  """The related `{field_name}` exists and matches this filter."""',
                          f"  {field_name}: {base}"]
        elif isinstance(inner, GraphQLObjectType) and inner.name.endswith("Connection"):
            target = inner.name[: -len("Connection")]
            lines += [f'  """Conditions on the related `{field_name}` ({target}): some, every or none of them match."""',
                      f"  {field_name}: {target}ListFilter"]
    out += lines + ["}", ""]
    out += list_filter(name, "related" if name in entities else "computed") + ["}", ""]

# The argument inputs copy the base filter's fields (an argument of the same name wins).
generated = "\n".join(out)
for body, base, is_list in extra:
    start = generated.index(f"input {base} {{")
    fields = generated[start:generated.index("\n}", start)].split("\n")[1:]
    args = {line.strip().split(":")[0] for line in body if line.startswith("  ") and not line.strip().startswith('"""')}
    pairs = [(fields[i], fields[i + 1]) for i in range(0, len(fields), 2)]
    for doc, decl in pairs:
        if decl.strip().split(":")[0] not in args:
            body += [doc, decl]
    out += body + ["}", ""]

text = text.rstrip("\n") + "\n\n" + "\n".join(out)
text = add_distribution_where(text)
path.write_text(text, encoding="utf-8")
build_schema(text)
print(f"{len(entities)} entity filters, {len(enums)} enum filters; where on {text.count('    where: ')} connections")
