#!/usr/bin/env python3
"""Writes schema/roles/<role>.graphql for each role of schema/roles.json that hides something: the full schema with
what the role may not see removed, so a role's introspection and validation see exactly its file (issue 6 §2).
A role that hides nothing is served schema/schema.graphql itself. Idempotent.

Removal runs to a fixed point: a hidden type takes with it every field, argument, input field and interface
member that refers to it; a hidden field `T.f` takes `f` from T and from T's generated inputs and aggregate types
(TFilter, TOrderBy, TSumFields, TSumHaving, …); a hidden entity takes its generated types (TConnection, TEdge,
TAggregate, TListFilter, TGroup…) too; a type left without fields goes, and so on.
"""
import json, pathlib, sys
from graphql import parse, print_ast, build_schema
from graphql.language import (ObjectTypeDefinitionNode, InputObjectTypeDefinitionNode, InterfaceTypeDefinitionNode,
                              EnumTypeDefinitionNode, UnionTypeDefinitionNode, NamedTypeNode)

ROOT = pathlib.Path(__file__).resolve().parent.parent
FAMILY = ["Filter", "OrderBy", "SumFields", "AvgFields", "MinFields", "MaxFields", "SumHaving", "AvgHaving",
          "MinHaving", "MaxHaving", "SumOrderBy", "AvgOrderBy", "MinOrderBy", "MaxOrderBy"]
TYPE_FAMILY = ["Connection", "Edge", "Aggregate", "ListFilter", "Group", "GroupKey", "GroupHaving", "GroupOrderBy",
               "GroupKeyOrderBy", "GroupDimension"]
WITH_FIELDS = (ObjectTypeDefinitionNode, InputObjectTypeDefinitionNode, InterfaceTypeDefinitionNode)


def named(type_node):
    while not isinstance(type_node, NamedTypeNode):
        type_node = type_node.type
    return type_node.name.value


def prune(text, policy):
    document = parse(text)
    definitions = list(document.definitions)
    hidden_types = set(policy["hiddenTypes"])
    hidden_fields = set()
    for entry in policy["hiddenFields"]:
        owner, field = entry.split(".")
        hidden_fields.add((owner, field))
        for suffix in FAMILY:
            hidden_fields.add((owner + suffix, field))
    hidden_arguments = {tuple(entry.split(".")) for entry in policy["hiddenArguments"]}
    names = {d.name.value for d in definitions if hasattr(d, "name") and d.name}
    for owner, field in list(hidden_fields):
        if owner not in names:
            hidden_fields.discard((owner, field))
    for entry in policy["hiddenFields"]:
        owner, field = entry.split(".")
        assert owner in names, f"unknown type in {entry}"
    for name in list(hidden_types):
        assert name in names, f"unknown type {name}"
        # The types generated for an entity go with it.
        for suffix in TYPE_FAMILY + FAMILY:
            if name + suffix in names:
                hidden_types.add(name + suffix)

    changed = True
    while changed:
        changed = False
        kept = []
        for d in definitions:
            name = d.name.value if getattr(d, "name", None) else None
            if name in hidden_types:
                changed = True
                continue
            if isinstance(d, WITH_FIELDS):
                fields = []
                for f in d.fields or []:
                    if (name, f.name.value) in hidden_fields or named(f.type) in hidden_types:
                        changed = True
                        continue
                    arguments = getattr(f, "arguments", None)
                    if arguments:
                        keep_args = [a for a in arguments if named(a.type) not in hidden_types
                                     and (name, f.name.value, a.name.value) not in hidden_arguments]
                        if len(keep_args) != len(arguments):
                            # A required argument cannot be dropped: the field goes instead.
                            if any(a.type.kind == "non_null_type" for a in arguments if a not in keep_args):
                                changed = True
                                continue
                            f.arguments = tuple(keep_args)
                            changed = True
                    fields.append(f)
                if not fields:
                    hidden_types.add(name)
                    changed = True
                    continue
                d.fields = tuple(fields)
                if isinstance(d, ObjectTypeDefinitionNode) and d.interfaces:
                    d.interfaces = tuple(i for i in d.interfaces if i.name.value not in hidden_types)
            if isinstance(d, UnionTypeDefinitionNode):
                d.types = tuple(t for t in d.types if t.name.value not in hidden_types)
            kept.append(d)
        definitions = kept
    document.definitions = tuple(definitions)
    out = print_ast(document) + "\n"
    build_schema(out)  # the pruned schema must still be valid
    return out


def main():
    text = (ROOT / "schema/schema.graphql").read_text(encoding="utf-8")
    roles = json.loads((ROOT / "schema/roles.json").read_text(encoding="utf-8"))["roles"]
    folder = ROOT / "schema/roles"
    folder.mkdir(exist_ok=True)
    for role, policy in roles.items():
        if not (policy["hiddenTypes"] or policy["hiddenFields"] or policy["hiddenArguments"]):
            # Sees everything: served schema/schema.graphql itself, no copy.
            continue
        header = (f"# The GraphQL schema as the role `{role}` sees it, generated by scripts/generate-role-schemas.py\n"
                  f"# from schema/schema.graphql and schema/roles.json: do not edit. {policy['description']}\n\n")
        pruned = header + prune(text, policy)
        (folder / f"{role}.graphql").write_text(pruned, encoding="utf-8")
        print(f"{role}: {len(pruned.splitlines())} lines")
    stale = {p.stem for p in folder.glob("*.graphql")} - {r for r, policy in roles.items()
                                                          if policy["hiddenTypes"] or policy["hiddenFields"] or policy["hiddenArguments"]}
    for name in stale:
        (folder / f"{name}.graphql").unlink()


if __name__ == "__main__":
    main()
