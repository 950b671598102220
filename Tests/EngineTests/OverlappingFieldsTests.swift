import GraphQL
import Testing

@testable import Engine
@testable import Planner

/// graphql-js's `OverlappingFieldsCanBeMergedRule-test.ts`, ported case by case (same queries,
/// same line and column numbers, same messages), plus the cases our compiler depends on.
/// Queries keep graphql-js's leading blank line so the locations match the reference.
@Suite("OverlappingFields")
struct OverlappingFieldsTests {
    /// One expected error: message and (line, column) of every field involved, in order.
    struct Expected: Equatable, CustomStringConvertible {
        let message: String
        let locations: [GraphQL.SourceLocation]

        init(_ message: String, _ locations: [(Int, Int)]) {
            self.message = message
            self.locations = locations.map { GraphQL.SourceLocation(line: $0.0, column: $0.1) }
        }

        init(_ error: GraphQLError) {
            message = error.message
            locations = error.locations
        }

        var description: String {
            "\(message) @ " + locations.map { "\($0.line):\($0.column)" }.joined(separator: ", ")
        }
    }

    let testSchema: GraphQLSchema
    let boxSchema: GraphQLSchema
    let orderSchema: GraphQLSchema

    init() throws {
        let schemas = try overlapSchemas.get()
        testSchema = schemas.test
        boxSchema = schemas.box
        orderSchema = schemas.order
    }

    func expectErrors(
        _ schema: GraphQLSchema, _ query: String, _ expected: [Expected],
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        let document = try parse(source: query)
        let actual = validateOverlappingFields(schema: schema, document: document).map(Expected.init)
        #expect(actual == expected, sourceLocation: sourceLocation)
    }

    func expectValid(
        _ schema: GraphQLSchema, _ query: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        try expectErrors(schema, query, [], sourceLocation: sourceLocation)
    }

    @Test("unique fields")
    func uniqueFields() throws {
        try expectValid(
            testSchema,
            """

                  fragment uniqueFields on Dog {
                    name
                    nickname
                  }
            """
        )
    }

    @Test("identical fields")
    func identicalFields() throws {
        try expectValid(
            testSchema,
            """

                  fragment mergeIdenticalFields on Dog {
                    name
                    name
                  }
            """
        )
    }

    @Test("identical fields with identical args")
    func identicalFieldsWithIdenticalArgs() throws {
        try expectValid(
            testSchema,
            """

                  fragment mergeIdenticalFieldsWithIdenticalArgs on Dog {
                    doesKnowCommand(dogCommand: SIT)
                    doesKnowCommand(dogCommand: SIT)
                  }
            """
        )
    }

    @Test("identical fields with identical directives")
    func identicalFieldsWithIdenticalDirectives() throws {
        try expectValid(
            testSchema,
            """

                  fragment mergeSameFieldsWithSameDirectives on Dog {
                    name @include(if: true)
                    name @include(if: true)
                  }
            """
        )
    }

    @Test("different args with different aliases")
    func differentArgsWithDifferentAliases() throws {
        try expectValid(
            testSchema,
            """

                  fragment differentArgsWithDifferentAliases on Dog {
                    knowsSit: doesKnowCommand(dogCommand: SIT)
                    knowsDown: doesKnowCommand(dogCommand: DOWN)
                  }
            """
        )
    }

    @Test("different directives with different aliases")
    func differentDirectivesWithDifferentAliases() throws {
        try expectValid(
            testSchema,
            """

                  fragment differentDirectivesWithDifferentAliases on Dog {
                    nameIfTrue: name @include(if: true)
                    nameIfFalse: name @include(if: false)
                  }
            """
        )
    }

    @Test("different skip/include directives accepted")
    func differentSkipIncludeDirectivesAccepted() throws {
        try expectValid(
            testSchema,
            """

                  fragment differentDirectivesWithDifferentAliases on Dog {
                    name @include(if: true)
                    name @include(if: false)
                  }
            """
        )
    }

    @Test("same aliases with different field targets")
    func sameAliasesWithDifferentFieldTargets() throws {
        try expectErrors(
            testSchema,
            """

                  fragment sameAliasesWithDifferentFieldTargets on Dog {
                    fido: name
                    fido: nickname
                  }
            """,
            [
                Expected("Fields \"fido\" conflict because \"name\" and \"nickname\" are different fields. Use different aliases on the fields to fetch both if this was intentional.", [(3, 9), (4, 9)]),
            ]
        )
    }

    @Test("same aliases allowed on non-overlapping fields")
    func sameAliasesAllowedOnNonOverlappingFields() throws {
        try expectValid(
            testSchema,
            """

                  fragment sameAliasesWithDifferentFieldTargets on Pet {
                    ... on Dog {
                      name
                    }
                    ... on Cat {
                      name: nickname
                    }
                  }
            """
        )
    }

    @Test("alias masking direct field access")
    func aliasMaskingDirectFieldAccess() throws {
        try expectErrors(
            testSchema,
            """

                  fragment aliasMaskingDirectFieldAccess on Dog {
                    name: nickname
                    name
                  }
            """,
            [
                Expected("Fields \"name\" conflict because \"nickname\" and \"name\" are different fields. Use different aliases on the fields to fetch both if this was intentional.", [(3, 9), (4, 9)]),
            ]
        )
    }

    @Test("different args, second adds an argument")
    func differentArgsSecondAddsAnArgument() throws {
        try expectErrors(
            testSchema,
            """

                  fragment conflictingArgs on Dog {
                    doesKnowCommand
                    doesKnowCommand(dogCommand: HEEL)
                  }
            """,
            [
                Expected("Fields \"doesKnowCommand\" conflict because they have differing arguments. Use different aliases on the fields to fetch both if this was intentional.", [(3, 9), (4, 9)]),
            ]
        )
    }

    @Test("different args, second missing an argument")
    func differentArgsSecondMissingAnArgument() throws {
        try expectErrors(
            testSchema,
            """

                  fragment conflictingArgs on Dog {
                    doesKnowCommand(dogCommand: SIT)
                    doesKnowCommand
                  }
            """,
            [
                Expected("Fields \"doesKnowCommand\" conflict because they have differing arguments. Use different aliases on the fields to fetch both if this was intentional.", [(3, 9), (4, 9)]),
            ]
        )
    }

    @Test("conflicting arg values")
    func conflictingArgValues() throws {
        try expectErrors(
            testSchema,
            """

                  fragment conflictingArgs on Dog {
                    doesKnowCommand(dogCommand: SIT)
                    doesKnowCommand(dogCommand: HEEL)
                  }
            """,
            [
                Expected("Fields \"doesKnowCommand\" conflict because they have differing arguments. Use different aliases on the fields to fetch both if this was intentional.", [(3, 9), (4, 9)]),
            ]
        )
    }

    @Test("conflicting arg names")
    func conflictingArgNames() throws {
        try expectErrors(
            testSchema,
            """

                  fragment conflictingArgs on Dog {
                    isAtLocation(x: 0)
                    isAtLocation(y: 0)
                  }
            """,
            [
                Expected("Fields \"isAtLocation\" conflict because they have differing arguments. Use different aliases on the fields to fetch both if this was intentional.", [(3, 9), (4, 9)]),
            ]
        )
    }

    @Test("conflicting args: variable vs value")
    func conflictingArgsVariableVsValue() throws {
        try expectErrors(
            testSchema,
            """

                  query ($command: DogCommand) {
                    dog {
                      doesKnowCommand(dogCommand: $command)
                      doesKnowCommand(dogCommand: SIT)
                    }
                  }
            """,
            [
                Expected("Fields \"doesKnowCommand\" conflict because they have differing arguments. Use different aliases on the fields to fetch both if this was intentional.", [(4, 11), (5, 11)]),
            ]
        )
    }

    @Test("conflicting args: two different variables")
    func conflictingArgsTwoDifferentVariables() throws {
        try expectErrors(
            testSchema,
            """

                  query ($a: DogCommand, $b: DogCommand) {
                    dog {
                      doesKnowCommand(dogCommand: $a)
                      doesKnowCommand(dogCommand: $b)
                    }
                  }
            """,
            [
                Expected("Fields \"doesKnowCommand\" conflict because they have differing arguments. Use different aliases on the fields to fetch both if this was intentional.", [(4, 11), (5, 11)]),
            ]
        )
    }

    @Test("same variable as argument")
    func sameVariableAsArgument() throws {
        try expectValid(
            testSchema,
            """

                  query ($a: DogCommand) {
                    dog {
                      doesKnowCommand(dogCommand: $a)
                      doesKnowCommand(dogCommand: $a)
                    }
                  }
            """
        )
    }

    @Test("same variables nested in list and object values")
    func sameVariablesNestedInListAndObjectValues() throws {
        try expectValid(
            testSchema,
            """

                  query ($b: Boolean, $s: String) {
                    complicatedArgs {
                      complexArgField(complexArg: {requiredField: $b, stringListField: [$s, "x"]})
                      complexArgField(complexArg: {stringListField: [$s, "x"], requiredField: $b})
                    }
                  }
            """
        )
    }

    @Test("list values differing in order conflict")
    func listValuesDifferingInOrderConflict() throws {
        try expectErrors(
            testSchema,
            """

                  {
                    complicatedArgs {
                      stringListArgField(stringListArg: ["a", "b"])
                      stringListArgField(stringListArg: ["b", "a"])
                    }
                  }
            """,
            [
                Expected("Fields \"stringListArgField\" conflict because they have differing arguments. Use different aliases on the fields to fetch both if this was intentional.", [(4, 11), (5, 11)]),
            ]
        )
    }

    @Test("allows different args where no conflict is possible")
    func allowsDifferentArgsWhereNoConflictIsPossible() throws {
        try expectValid(
            testSchema,
            """

                  fragment conflictingArgs on Pet {
                    ... on Dog {
                      name(surname: true)
                    }
                    ... on Cat {
                      name
                    }
                  }
            """
        )
    }

    @Test("allows different order of args")
    func allowsDifferentOrderOfArgs() throws {
        try expectValid(
            orderSchema,
            """

                    {
                      someField(a: null, b: null)
                      someField(b: null, a: null)
                    }
            """
        )
    }

    @Test("allows different order of input object fields in arg values")
    func allowsDifferentOrderOfInputObjectFieldsInArgValues() throws {
        try expectValid(
            orderSchema,
            """

                    {
                      someField(arg: { a: null, b: null })
                      someField(arg: { b: null, a: null })
                    }
            """
        )
    }

    @Test("encounters conflict in fragments")
    func encountersConflictInFragments() throws {
        try expectErrors(
            testSchema,
            """

                  {
                    ...A
                    ...B
                  }
                  fragment A on Type {
                    x: a
                  }
                  fragment B on Type {
                    x: b
                  }
            """,
            [
                Expected("Fields \"x\" conflict because \"a\" and \"b\" are different fields. Use different aliases on the fields to fetch both if this was intentional.", [(7, 9), (10, 9)]),
            ]
        )
    }

    @Test("reports each conflict once")
    func reportsEachConflictOnce() throws {
        try expectErrors(
            testSchema,
            """

                  {
                    f1 {
                      ...A
                      ...B
                    }
                    f2 {
                      ...B
                      ...A
                    }
                    f3 {
                      ...A
                      ...B
                      x: c
                    }
                  }
                  fragment A on Type {
                    x: a
                  }
                  fragment B on Type {
                    x: b
                  }
            """,
            [
                Expected("Fields \"x\" conflict because \"a\" and \"b\" are different fields. Use different aliases on the fields to fetch both if this was intentional.", [(18, 9), (21, 9)]),
                Expected("Fields \"x\" conflict because \"c\" and \"a\" are different fields. Use different aliases on the fields to fetch both if this was intentional.", [(14, 11), (18, 9)]),
                Expected("Fields \"x\" conflict because \"c\" and \"b\" are different fields. Use different aliases on the fields to fetch both if this was intentional.", [(14, 11), (21, 9)]),
            ]
        )
    }

    @Test("deep conflict")
    func deepConflict() throws {
        try expectErrors(
            testSchema,
            """

                  {
                    field {
                      x: a
                    },
                    field {
                      x: b
                    }
                  }
            """,
            [
                Expected("Fields \"field\" conflict because subfields \"x\" conflict because \"a\" and \"b\" are different fields. Use different aliases on the fields to fetch both if this was intentional.", [(3, 9), (4, 11), (6, 9), (7, 11)]),
            ]
        )
    }

    @Test("deep conflict with multiple issues")
    func deepConflictWithMultipleIssues() throws {
        try expectErrors(
            testSchema,
            """

                  {
                    field {
                      x: a
                      y: c
                    },
                    field {
                      x: b
                      y: d
                    }
                  }
            """,
            [
                Expected("Fields \"field\" conflict because subfields \"x\" conflict because \"a\" and \"b\" are different fields and subfields \"y\" conflict because \"c\" and \"d\" are different fields. Use different aliases on the fields to fetch both if this was intentional.", [(3, 9), (4, 11), (5, 11), (7, 9), (8, 11), (9, 11)]),
            ]
        )
    }

    @Test("very deep conflict")
    func veryDeepConflict() throws {
        try expectErrors(
            testSchema,
            """

                  {
                    field {
                      deepField {
                        x: a
                      }
                    },
                    field {
                      deepField {
                        x: b
                      }
                    }
                  }
            """,
            [
                Expected("Fields \"field\" conflict because subfields \"deepField\" conflict because subfields \"x\" conflict because \"a\" and \"b\" are different fields. Use different aliases on the fields to fetch both if this was intentional.", [(3, 9), (4, 11), (5, 13), (8, 9), (9, 11), (10, 13)]),
            ]
        )
    }

    @Test("reports deep conflict to nearest common ancestor")
    func reportsDeepConflictToNearestCommonAncestor() throws {
        try expectErrors(
            testSchema,
            """

                  {
                    field {
                      deepField {
                        x: a
                      }
                      deepField {
                        x: b
                      }
                    },
                    field {
                      deepField {
                        y
                      }
                    }
                  }
            """,
            [
                Expected("Fields \"deepField\" conflict because subfields \"x\" conflict because \"a\" and \"b\" are different fields. Use different aliases on the fields to fetch both if this was intentional.", [(4, 11), (5, 13), (7, 11), (8, 13)]),
            ]
        )
    }

    @Test("reports deep conflict to nearest common ancestor in fragments")
    func reportsDeepConflictToNearestCommonAncestorInFragments() throws {
        try expectErrors(
            testSchema,
            """

                  {
                    field {
                      ...F
                    }
                    field {
                      ...F
                    }
                  }
                  fragment F on T {
                    deepField {
                      deeperField {
                        x: a
                      }
                      deeperField {
                        x: b
                      }
                    },
                    deepField {
                      deeperField {
                        y
                      }
                    }
                  }
            """,
            [
                Expected("Fields \"deeperField\" conflict because subfields \"x\" conflict because \"a\" and \"b\" are different fields. Use different aliases on the fields to fetch both if this was intentional.", [(12, 11), (13, 13), (15, 11), (16, 13)]),
            ]
        )
    }

    @Test("reports deep conflict in nested fragments")
    func reportsDeepConflictInNestedFragments() throws {
        try expectErrors(
            testSchema,
            """

                  {
                    field {
                      ...I
                    }
                    field {
                      ...F
                    }
                  }
                  fragment F on T {
                    x: a
                    ...G
                  }
                  fragment G on T {
                    y: c
                  }
                  fragment I on T {
                    y: d
                    ...J
                  }
                  fragment J on T {
                    x: b
                  }
            """,
            [
                Expected("Fields \"field\" conflict because subfields \"y\" conflict because \"d\" and \"c\" are different fields and subfields \"x\" conflict because \"b\" and \"a\" are different fields. Use different aliases on the fields to fetch both if this was intentional.", [(3, 9), (18, 9), (22, 9), (6, 9), (15, 9), (11, 9)]),
            ]
        )
    }

    @Test("reports deep conflict after nested fragments")
    func reportsDeepConflictAfterNestedFragments() throws {
        try expectErrors(
            testSchema,
            """

                  fragment F on T {
                    ...G
                  }
                  fragment G on T {
                    ...H
                  }
                  fragment H on T {
                    x: a
                  }
                  {
                    x: b
                    ...F
                  }
            """,
            [
                Expected("Fields \"x\" conflict because \"b\" and \"a\" are different fields. Use different aliases on the fields to fetch both if this was intentional.", [(12, 9), (9, 9)]),
            ]
        )
    }

    @Test("ignores unknown fragments")
    func ignoresUnknownFragments() throws {
        try expectValid(
            testSchema,
            """

                  {
                    field
                    ...Unknown
                    ...Known
                  }

                  fragment Known on T {
                    field
                    ...OtherUnknown
                  }
            """
        )
    }

    @Test("conflicting return types which potentially overlap")
    func conflictingReturnTypesWhichPotentiallyOverlap() throws {
        try expectErrors(
            boxSchema,
            """

                      {
                        someBox {
                          ...on IntBox {
                            scalar
                          }
                          ...on NonNullStringBox1 {
                            scalar
                          }
                        }
                      }
            """,
            [
                Expected("Fields \"scalar\" conflict because they return conflicting types \"Int\" and \"String!\". Use different aliases on the fields to fetch both if this was intentional.", [(5, 17), (8, 17)]),
            ]
        )
    }

    @Test("compatible return shapes on different return types")
    func compatibleReturnShapesOnDifferentReturnTypes() throws {
        try expectValid(
            boxSchema,
            """

                      {
                        someBox {
                          ... on SomeBox {
                            deepBox {
                              unrelatedField
                            }
                          }
                          ... on StringBox {
                            deepBox {
                              unrelatedField
                            }
                          }
                        }
                      }
            """
        )
    }

    @Test("disallows differing return types despite no overlap")
    func disallowsDifferingReturnTypesDespiteNoOverlap() throws {
        try expectErrors(
            boxSchema,
            """

                      {
                        someBox {
                          ... on IntBox {
                            scalar
                          }
                          ... on StringBox {
                            scalar
                          }
                        }
                      }
            """,
            [
                Expected("Fields \"scalar\" conflict because they return conflicting types \"Int\" and \"String\". Use different aliases on the fields to fetch both if this was intentional.", [(5, 17), (8, 17)]),
            ]
        )
    }

    @Test("reports correctly when a non-exclusive follows an exclusive")
    func reportsCorrectlyWhenANonExclusiveFollowsAnExclusive() throws {
        try expectErrors(
            boxSchema,
            """

                      {
                        someBox {
                          ... on IntBox {
                            deepBox {
                              ...X
                            }
                          }
                        }
                        someBox {
                          ... on StringBox {
                            deepBox {
                              ...Y
                            }
                          }
                        }
                        memoed: someBox {
                          ... on IntBox {
                            deepBox {
                              ...X
                            }
                          }
                        }
                        memoed: someBox {
                          ... on StringBox {
                            deepBox {
                              ...Y
                            }
                          }
                        }
                        other: someBox {
                          ...X
                        }
                        other: someBox {
                          ...Y
                        }
                      }
                      fragment X on SomeBox {
                        scalar
                      }
                      fragment Y on SomeBox {
                        scalar: unrelatedField
                      }
            """,
            [
                Expected("Fields \"other\" conflict because subfields \"scalar\" conflict because \"scalar\" and \"unrelatedField\" are different fields. Use different aliases on the fields to fetch both if this was intentional.", [(31, 13), (39, 13), (34, 13), (42, 13)]),
            ]
        )
    }

    @Test("disallows differing return type nullability despite no overlap")
    func disallowsDifferingReturnTypeNullabilityDespiteNoOverlap() throws {
        try expectErrors(
            boxSchema,
            """

                      {
                        someBox {
                          ... on NonNullStringBox1 {
                            scalar
                          }
                          ... on StringBox {
                            scalar
                          }
                        }
                      }
            """,
            [
                Expected("Fields \"scalar\" conflict because they return conflicting types \"String!\" and \"String\". Use different aliases on the fields to fetch both if this was intentional.", [(5, 17), (8, 17)]),
            ]
        )
    }

    @Test("disallows differing return type list despite no overlap")
    func disallowsDifferingReturnTypeListDespiteNoOverlap() throws {
        try expectErrors(
            boxSchema,
            """

                      {
                        someBox {
                          ... on IntBox {
                            box: listStringBox {
                              scalar
                            }
                          }
                          ... on StringBox {
                            box: stringBox {
                              scalar
                            }
                          }
                        }
                      }
            """,
            [
                Expected("Fields \"box\" conflict because they return conflicting types \"[StringBox]\" and \"StringBox\". Use different aliases on the fields to fetch both if this was intentional.", [(5, 17), (10, 17)]),
            ]
        )
    }

    @Test("disallows differing return type non-list despite no overlap")
    func disallowsDifferingReturnTypeNonListDespiteNoOverlap() throws {
        try expectErrors(
            boxSchema,
            """

                      {
                        someBox {
                          ... on IntBox {
                            box: stringBox {
                              scalar
                            }
                          }
                          ... on StringBox {
                            box: listStringBox {
                              scalar
                            }
                          }
                        }
                      }
            """,
            [
                Expected("Fields \"box\" conflict because they return conflicting types \"StringBox\" and \"[StringBox]\". Use different aliases on the fields to fetch both if this was intentional.", [(5, 17), (10, 17)]),
            ]
        )
    }

    @Test("disallows differing subfields")
    func disallowsDifferingSubfields() throws {
        try expectErrors(
            boxSchema,
            """

                      {
                        someBox {
                          ... on IntBox {
                            box: stringBox {
                              val: scalar
                              val: unrelatedField
                            }
                          }
                          ... on StringBox {
                            box: stringBox {
                              val: scalar
                            }
                          }
                        }
                      }
            """,
            [
                Expected("Fields \"val\" conflict because \"scalar\" and \"unrelatedField\" are different fields. Use different aliases on the fields to fetch both if this was intentional.", [(6, 19), (7, 19)]),
            ]
        )
    }

    @Test("disallows differing deep return types despite no overlap")
    func disallowsDifferingDeepReturnTypesDespiteNoOverlap() throws {
        try expectErrors(
            boxSchema,
            """

                      {
                        someBox {
                          ... on IntBox {
                            box: stringBox {
                              scalar
                            }
                          }
                          ... on StringBox {
                            box: intBox {
                              scalar
                            }
                          }
                        }
                      }
            """,
            [
                Expected("Fields \"box\" conflict because subfields \"scalar\" conflict because they return conflicting types \"String\" and \"Int\". Use different aliases on the fields to fetch both if this was intentional.", [(5, 17), (6, 19), (10, 17), (11, 19)]),
            ]
        )
    }

    @Test("allows non-conflicting overlapping types")
    func allowsNonConflictingOverlappingTypes() throws {
        try expectValid(
            boxSchema,
            """

                      {
                        someBox {
                          ... on IntBox {
                            scalar: unrelatedField
                          }
                          ... on StringBox {
                            scalar
                          }
                        }
                      }
            """
        )
    }

    @Test("same wrapped scalar return types")
    func sameWrappedScalarReturnTypes() throws {
        try expectValid(
            boxSchema,
            """

                      {
                        someBox {
                          ...on NonNullStringBox1 {
                            scalar
                          }
                          ...on NonNullStringBox2 {
                            scalar
                          }
                        }
                      }
            """
        )
    }

    @Test("allows inline fragments without type condition")
    func allowsInlineFragmentsWithoutTypeCondition() throws {
        try expectValid(
            boxSchema,
            """

                      {
                        a
                        ... {
                          a
                        }
                      }
            """
        )
    }

    @Test("compares deep types including list")
    func comparesDeepTypesIncludingList() throws {
        try expectErrors(
            boxSchema,
            """

                      {
                        connection {
                          ...edgeID
                          edges {
                            node {
                              id: name
                            }
                          }
                        }
                      }

                      fragment edgeID on Connection {
                        edges {
                          node {
                            id
                          }
                        }
                      }
            """,
            [
                Expected("Fields \"edges\" conflict because subfields \"node\" conflict because subfields \"id\" conflict because \"name\" and \"id\" are different fields. Use different aliases on the fields to fetch both if this was intentional.", [(5, 15), (6, 17), (7, 19), (14, 13), (15, 15), (16, 17)]),
            ]
        )
    }

    @Test("ignores unknown types")
    func ignoresUnknownTypes() throws {
        try expectValid(
            boxSchema,
            """

                      {
                        someBox {
                          ...on UnknownType {
                            scalar
                          }
                          ...on NonNullStringBox2 {
                            scalar
                          }
                        }
                      }
            """
        )
    }

    @Test("does not infinite loop on recursive fragment")
    func doesNotInfiniteLoopOnRecursiveFragment() throws {
        try expectValid(
            testSchema,
            """

                  {
                    ...fragA
                  }

                  fragment fragA on Human { name, relatives { name, ...fragA } }
            """
        )
    }

    @Test("does not infinite loop on immediately recursive fragment")
    func doesNotInfiniteLoopOnImmediatelyRecursiveFragment() throws {
        try expectValid(
            testSchema,
            """

                  {
                    ...fragA
                  }

                  fragment fragA on Human { name, ...fragA }
            """
        )
    }

    @Test("does not infinite loop on recursive fragment with a field named after fragment")
    func doesNotInfiniteLoopOnRecursiveFragmentWithAFieldNamedAfterFragment() throws {
        try expectValid(
            testSchema,
            """

                  {
                    ...fragA
                    fragA
                  }

                  fragment fragA on Query { ...fragA }
            """
        )
    }

    @Test("finds invalid cases even with field named after fragment")
    func findsInvalidCasesEvenWithFieldNamedAfterFragment() throws {
        try expectErrors(
            testSchema,
            """

                  {
                    fragA
                    ...fragA
                  }

                  fragment fragA on Type {
                    fragA: b
                  }
            """,
            [
                Expected("Fields \"fragA\" conflict because \"fragA\" and \"b\" are different fields. Use different aliases on the fields to fetch both if this was intentional.", [(3, 9), (8, 9)]),
            ]
        )
    }

    @Test("does not infinite loop on transitively recursive fragment")
    func doesNotInfiniteLoopOnTransitivelyRecursiveFragment() throws {
        try expectValid(
            testSchema,
            """

                  {
                    ...fragA
                    fragB
                  }

                  fragment fragA on Human { name, ...fragB }
                  fragment fragB on Human { name, ...fragC }
                  fragment fragC on Human { name, ...fragA }
            """
        )
    }

    @Test("finds invalid case even with immediately recursive fragment")
    func findsInvalidCaseEvenWithImmediatelyRecursiveFragment() throws {
        try expectErrors(
            testSchema,
            """

                  fragment sameAliasesWithDifferentFieldTargets on Dog {
                    ...sameAliasesWithDifferentFieldTargets
                    fido: name
                    fido: nickname
                  }
            """,
            [
                Expected("Fields \"fido\" conflict because \"name\" and \"nickname\" are different fields. Use different aliases on the fields to fetch both if this was intentional.", [(4, 9), (5, 9)]),
            ]
        )
    }

    @Test("does not infinite loop on recursive fragments separated by fields")
    func doesNotInfiniteLoopOnRecursiveFragmentsSeparatedByFields() throws {
        try expectValid(
            testSchema,
            """

                  {
                    ...fragA
                    ...fragB
                  }

                  fragment fragA on T {
                    x {
                      ...fragA
                      x {
                        ...fragA
                      }
                    }
                  }

                  fragment fragB on T {
                    x {
                      ...fragB
                      x {
                        ...fragB
                      }
                    }
                  }
            """
        )
    }
    // MARK: - qunji

    @Test("design example: one response name for two root connections is rejected")
    func designExample() throws {
        let schema = try buildSchema(source: Self.connectionsSDL)
        let document = try parse(source: "{ a: clusters { totalCount } a: funds { totalCount } }")
        let errors = validateDocument(schema: schema, document: document).map(Expected.init)
        #expect(
            errors == [
                Expected(
                    "Fields \"a\" conflict because \"clusters\" and \"funds\" are different fields."
                        + " Use different aliases on the fields to fetch both if this was intentional.",
                    [(1, 3), (1, 30)]
                )
            ]
        )
    }

    @Test("the same connection twice with different arguments is rejected, aliased it is valid")
    func sameKeyDifferentArguments() throws {
        let schema = try buildSchema(source: Self.connectionsSDL)
        let conflicting = try parse(source: "{ clusters(first: 1) { totalCount } clusters(first: 2) { totalCount } }")
        #expect(
            validateDocument(schema: schema, document: conflicting).map(\.message) == [
                "Fields \"clusters\" conflict because they have differing arguments."
                    + " Use different aliases on the fields to fetch both if this was intentional."
            ]
        )
        let aliased = try parse(source: "{ a: clusters(first: 1) { totalCount } b: clusters(first: 2) { totalCount } }")
        #expect(validateDocument(schema: schema, document: aliased).isEmpty)
    }

    @Test("validateDocument runs GraphQL 4.3.0's specified rules as well")
    func validateDocumentRunsSpecifiedRules() throws {
        let schema = try buildSchema(source: Self.connectionsSDL)
        let document = try parse(source: "{ nope a: clusters { totalCount } a: funds { totalCount } }")
        let messages = validateDocument(schema: schema, document: document).map(\.message)
        #expect(messages.count == 2)
        #expect(messages.first?.contains("Cannot query field \"nope\"") == true)
        #expect(messages.last?.hasPrefix("Fields \"a\" conflict") == true)
    }

    @Test("the rule also runs inside GraphQL 4.3.0's validate(schema:ast:rules:)")
    func ruleRunsInsideValidate() throws {
        let schema = try buildSchema(source: Self.connectionsSDL)
        let document = try parse(source: "{ a: clusters { totalCount } a: funds { totalCount } }")
        let viaRule = validate(schema: schema, ast: document, rules: [overlappingFieldsCanBeMergedRule])
        #expect(viaRule.map(Expected.init) == validateOverlappingFields(schema: schema, document: document).map(Expected.init))
        #expect(viaRule.count == 1)
    }

    @Test("introspection meta fields are typed for the walk and merge like other fields")
    func metaFields() throws {
        let schema = try buildSchema(source: Self.connectionsSDL)
        let valid = try parse(source: "{ __typename __typename __schema { types { name } types { name } } }")
        #expect(validateDocument(schema: schema, document: valid).isEmpty)
        let conflicting = try parse(source: "{ __schema { types { n: name n: kind } } }")
        #expect(
            validateOverlappingFields(schema: schema, document: conflicting).map(\.message) == [
                "Fields \"n\" conflict because \"name\" and \"kind\" are different fields."
                    + " Use different aliases on the fields to fetch both if this was intentional."
            ]
        )
    }

    static let connectionsSDL = """
        type Query {
          clusters(first: Int): ClusterConnection!
          funds(first: Int): FundConnection!
        }
        type ClusterConnection { totalCount: Int! }
        type FundConnection { totalCount: Int! }
        """
}

/// The schemas of graphql-js's validation harness and of its "return types must be unambiguous"
/// and argument-order cases, built once for all tests.
let overlapSchemas = Result { try OverlapSchemas() }

struct OverlapSchemas: Sendable {
    let test: GraphQLSchema
    let box: GraphQLSchema
    let order: GraphQLSchema

    init() throws {
        test = try buildSchema(source: """
            interface Mammal {
              mother: Mammal
              father: Mammal
            }

            interface Pet {
              name(surname: Boolean): String
            }

            interface Canine implements Mammal {
              name(surname: Boolean): String
              mother: Canine
              father: Canine
            }

            enum DogCommand {
              SIT
              HEEL
              DOWN
            }

            type Dog implements Pet & Mammal & Canine {
              name(surname: Boolean): String
              nickname: String
              barkVolume: Int
              barks: Boolean
              doesKnowCommand(dogCommand: DogCommand): Boolean
              isHouseTrained(atOtherHomes: Boolean = true): Boolean
              isAtLocation(x: Int, y: Int): Boolean
              mother: Dog
              father: Dog
            }

            type Cat implements Pet {
              name(surname: Boolean): String
              nickname: String
              meows: Boolean
              meowsVolume: Int
              furColor: FurColor
            }

            union CatOrDog = Cat | Dog

            type Human {
              name(surname: Boolean): String
              pets: [Pet]
              relatives: [Human]!
            }

            enum FurColor {
              BROWN
              BLACK
              TAN
              SPOTTED
              NO_FUR
              UNKNOWN
            }

            input ComplexInput {
              requiredField: Boolean!
              nonNullField: Boolean! = false
              intField: Int
              stringField: String
              booleanField: Boolean
              stringListField: [String]
            }

            type ComplicatedArgs {
              intArgField(intArg: Int): String
              nonNullIntArgField(nonNullIntArg: Int!): String
              stringArgField(stringArg: String): String
              booleanArgField(booleanArg: Boolean): String
              enumArgField(enumArg: FurColor): String
              floatArgField(floatArg: Float): String
              idArgField(idArg: ID): String
              stringListArgField(stringListArg: [String]): String
              stringListNonNullArgField(stringListNonNullArg: [String!]): String
              complexArgField(complexArg: ComplexInput): String
              multipleReqs(req1: Int!, req2: Int!): String
              nonNullFieldWithDefault(arg: Int! = 0): String
              multipleOpts(opt1: Int = 0, opt2: Int = 0): String
              multipleOptAndReq(req1: Int!, req2: Int!, opt1: Int = 0, opt2: Int = 0): String
            }

            type QueryRoot {
              human(id: ID): Human
              dog: Dog
              cat: Cat
              pet: Pet
              catOrDog: CatOrDog
              complicatedArgs: ComplicatedArgs
            }

            schema {
              query: QueryRoot
            }
            """)
        box = try buildSchema(source: """
            interface SomeBox {
              deepBox: SomeBox
              unrelatedField: String
            }

            type StringBox implements SomeBox {
              scalar: String
              deepBox: StringBox
              unrelatedField: String
              listStringBox: [StringBox]
              stringBox: StringBox
              intBox: IntBox
            }

            type IntBox implements SomeBox {
              scalar: Int
              deepBox: IntBox
              unrelatedField: String
              listStringBox: [StringBox]
              stringBox: StringBox
              intBox: IntBox
            }

            interface NonNullStringBox1 {
              scalar: String!
            }

            type NonNullStringBox1Impl implements SomeBox & NonNullStringBox1 {
              scalar: String!
              unrelatedField: String
              deepBox: SomeBox
            }

            interface NonNullStringBox2 {
              scalar: String!
            }

            type NonNullStringBox2Impl implements SomeBox & NonNullStringBox2 {
              scalar: String!
              unrelatedField: String
              deepBox: SomeBox
            }

            type Connection {
              edges: [Edge]
            }

            type Edge {
              node: Node
            }

            type Node {
              id: ID
              name: String
            }

            type Query {
              someBox: SomeBox
              connection: Connection
            }
            """)
        order = try buildSchema(source: """
            input SomeInput {
              a: String
              b: String
            }

            type Query {
              someField(a: String, b: String, arg: SomeInput): String
            }
            """)
    }
}
