import Engine
import Foundation
import GraphQL
import Planner
import SampleData
import TestSupport
import Testing

/// Issue 16 §6 as a property: hostile values (strings with NUL or escapes, dates PostgreSQL has no day
/// for, integers past 32 bits, ids and cursors that decode to keys of the wrong type) in every scalar
/// argument position the schema has — root fields, fields one level down, and the fields of their
/// input objects (filters two levels deep) — as variables and as literals. Whatever the value, the
/// answer is data or a coded error, never `INTERNAL_SERVER_ERROR`.
///
/// The positions come from the schema itself, so a new argument is covered without editing this test.
/// The generator is seeded: a failure names the query and variables, and reruns the same way.
@Suite("Input property")
struct InputPropertyTests {
    /// The schema's definitions by name, read from the SDL (GraphQL 4.3.0 keeps its field maps internal).
    struct SDL {
        var objects: [String: [FieldDefinition]] = [:]
        var inputs: [String: [InputValueDefinition]] = [:]
        var enums: [String: [String]] = [:]

        init(_ source: String) throws {
            for definition in try parse(source: source).definitions {
                switch definition {
                case let object as ObjectTypeDefinition: objects[object.name.value] = object.fields
                case let interface as InterfaceTypeDefinition: objects[interface.name.value] = interface.fields
                case let input as InputObjectTypeDefinition: inputs[input.name.value] = input.fields
                case let enumType as EnumTypeDefinition: enums[enumType.name.value] = enumType.values.map(\.name.value)
                default: break
                }
            }
        }

        static func named(_ type: any GraphQL.`Type`) -> String {
            switch type {
            case let named as NamedType: return named.name.value
            case let list as ListType: return named(list.type)
            case let nonNull as NonNullType: return named(nonNull.type)
            default: return ""
            }
        }
    }

    /// One place a value can go: a root field, optionally a field one level below it, the argument,
    /// and the input-object fields leading to a scalar.
    struct Position: CustomStringConvertible {
        var root: FieldDefinition
        var child: FieldDefinition?
        var argument: String
        var inputPath: [String]
        var leaf: String
        var leafIsList: Bool

        var description: String {
            ([root.name.value] + (child.map { [$0.name.value] } ?? []) + [argument] + inputPath).joined(separator: ".")
        }
    }

    @Test("random hostile values in every argument position: data or a coded error, never INTERNAL_SERVER_ERROR")
    func everyPosition() async throws {
        let service = try await ServiceFixture.shared.service()
        let sdl = try SDL(String(contentsOf: Repository.url("schema/schema.graphql"), encoding: .utf8))
        let cursors = try await Self.realCursors(service)
        let positions = Self.positions(sdl)
        #expect(positions.count > 100, "the schema's argument positions were found (\(positions.count))")
        print("input property: \(positions.count) positions")
        var random = SampleRandom(seed: 16_06)
        var failures: [String] = []
        var tried = 0
        for position in positions {
            for attempt in 0..<6 {
                // Every other value is an ordinary one: hostile values are mostly refused before SQL, and
                // the statement around a good value must hold up too.
                let value = attempt % 4 < 2 ? Self.hostileValue(for: position.leaf, sdl: sdl, cursors: cursors, random: &random)
                    : Self.plausibleValue(for: position.leaf, sdl: sdl, random: &random)
                let asVariable = attempt % 2 == 0
                let (query, variables) = Self.query(position, value: value, asVariable: asVariable, sdl: sdl)
                let body = await service.run(query, variables: variables)
                tried += 1
                let shaped = body.hasPrefix(#"{"data""#) || body.hasPrefix(#"{"errors""#) || body.hasPrefix("REJECTED")
                if body.contains("INTERNAL_SERVER_ERROR") || !shaped {
                    failures.append("\(position): \(query) \(variables.map { "\($0)" } ?? "") → \(body.prefix(300))")
                }
            }
        }
        let report = failures.prefix(20).joined(separator: "\n")
        #expect(failures.isEmpty, "\(failures.count) of \(tried) answers were server errors:\n\(report)")
    }

    @Test("hand-made cursors: real fingerprints with values of the wrong type or count are BAD_USER_INPUT")
    func forgedCursors() async throws {
        let service = try await ServiceFixture.shared.service()
        for (list, cursor) in try await Self.realCursors(service) {
            guard let data = Self.base64URLDecode(cursor),
                  let array = try JSONSerialization.jsonObject(with: data) as? [Any], let fingerprint = array.first as? String
            else { Issue.record("\(list): cursor \(cursor) is not base64url JSON"); continue }
            let width = array.count - 1
            let forgeries: [[Any]] = [
                [fingerprint] + Array(repeating: "abc", count: width),
                [fingerprint] + Array(repeating: "99999999999999999999999", count: width),
                [fingerprint] + Array(repeating: "0000-01-01", count: width),
                [fingerprint] + Array(repeating: "a\u{0}b", count: width),
                [fingerprint] + Array(repeating: 12, count: width),
                [fingerprint],
                [fingerprint] + Array(repeating: "1", count: width + 1),
            ]
            for forgery in forgeries {
                let text = Self.base64URLEncode(try JSONSerialization.data(withJSONObject: forgery))
                let body = await service.run("query($c: String) { \(list)(first: 2, after: $c) { totalCount nodes { __typename } } }",
                                             variables: ["c": .string(text)])
                #expect(!body.contains("INTERNAL_SERVER_ERROR"), "\(list) \(forgery) → \(body)")
                #expect(body.contains("BAD_USER_INPUT") || body.hasPrefix(#"{"data""#), "\(list) \(forgery) → \(body)")
            }
        }
    }

    @Test("Int literals outside 32 bits fail validation, as the spec requires; at the bounds they pass")
    func intLiteralBounds() async throws {
        let service = try await ServiceFixture.shared.service()
        for literal in ["-2147483649", "2147483648", "9223372036854775808", "99999999999999999999"] {
            let paging = await service.run("{ clusters(last: \(literal)) { totalCount } }")
            #expect(paging.contains("GRAPHQL_VALIDATION_FAILED") && paging.contains("non 32-bit signed integer"), "\(literal) → \(paging)")
            let filter = await service.run("{ clusters(where: {revocationRiskCount: {gt: \(literal)}}) { totalCount } }")
            #expect(filter.contains("GRAPHQL_VALIDATION_FAILED"), "\(literal) → \(filter)")
        }
        // At the bounds: valid documents (page-size limits then apply, with their own code).
        let top = await service.run("{ clusters(where: {revocationRiskCount: {gt: 2147483647}}) { totalCount } }")
        #expect(top == #"{"data":{"clusters" : {"totalCount" : 0}}}"#, "\(top)")
        let bottom = await service.run("{ clusters(where: {revocationRiskCount: {gt: -2147483648}}) { totalCount } }")
        #expect(bottom == #"{"data":{"clusters" : {"totalCount" : 53}}}"#, "\(bottom)")
        // The same bounds for variables.
        let variable = await service.run("query($n: Int) { clusters(last: $n) { totalCount } }",
                                         variables: ["n": .number(Number(2_147_483_648 as Int))])
        #expect(variable.contains("BAD_USER_INPUT") && variable.contains("non 32-bit"), "\(variable)")
    }

    @Test("an aggregate selecting only __typename answers one object, on a list with rows and on an empty one")
    func aggregateTypenameOnly() async throws {
        let service = try await ServiceFixture.shared.service()
        let all = await service.run("{ clusters { aggregate { __typename sum { __typename } max { __typename } } } }")
        #expect(all == #"{"data":{"clusters" : {"aggregate" : {"__typename" : "ClusterAggregate", "sum" : {"__typename" : "ClusterSumFields"}, "max" : {"__typename" : "ClusterMaxFields"}}}}}"#, "\(all)")
        let none = await service.run(#"{ clusters(where: {code: {eq: "none"}}) { aggregate { sum { __typename } } } }"#)
        #expect(none == #"{"data":{"clusters" : {"aggregate" : {"sum" : {"__typename" : "ClusterSumFields"}}}}}"#, "\(none)")
    }

    @Test("strings holding NUL: a validation error as a literal, BAD_USER_INPUT as a variable; never sent to PostgreSQL")
    func nulCharacters() async throws {
        let service = try await ServiceFixture.shared.service()
        let literal = await service.run(#"{ clusters(where: {name: {eq: "a\u0000b"}}) { totalCount } }"#)
        #expect(literal.contains("GRAPHQL_VALIDATION_FAILED") && literal.contains("NUL"), "\(literal)")
        let variable = await service.run("query($s: String) { clusters(where: {name: {eq: $s}}) { totalCount } }",
                                         variables: ["s": .string("a\u{0}b")])
        #expect(variable.contains("BAD_USER_INPUT") && variable.contains("NUL"), "\(variable)")
        let id = await service.run("query($s: ID!) { node(id: $s) { id } }", variables: ["s": .string("\u{0}")])
        #expect(id.contains("BAD_USER_INPUT"), "\(id)")
    }

    // MARK: Positions

    /// Every position, but at most four per place a value is read (an input object's field, or a field's
    /// argument): a filter type reached from forty lists is compiled by the same code each time, and a
    /// debug build spends about a tenth of a second on each query.
    static func positions(_ sdl: SDL) -> [Position] {
        var found: [Position] = []
        var seen: [String: Int] = [:]
        func add(_ position: Position, place: String) {
            seen[place, default: 0] += 1
            if seen[place, default: 0] <= 4 { found.append(position) }
        }
        for root in sdl.objects["Query"] ?? [] {
            for argument in root.arguments {
                for leaf in leaves(sdl, argument.type, path: [], owner: "Query.\(root.name.value)") {
                    add(Position(root: root, child: nil, argument: argument.name.value, inputPath: leaf.path, leaf: leaf.leaf,
                                 leafIsList: leaf.isList), place: leaf.place + "|" + argument.name.value)
                }
            }
            // One level down: the fields of the root field's node type (connections: of their nodes).
            let node = nodeType(sdl, root.type)
            for child in sdl.objects[node] ?? [] {
                for argument in child.arguments {
                    for leaf in leaves(sdl, argument.type, path: [], owner: "\(node).\(child.name.value)") {
                        add(Position(root: root, child: child, argument: argument.name.value, inputPath: leaf.path, leaf: leaf.leaf,
                                     leafIsList: leaf.isList), place: leaf.place + "|" + argument.name.value)
                    }
                }
            }
        }
        return found
    }

    /// Scalar and enum leaves of an input type, following input objects three levels deep (filters:
    /// `where: {and: {name: {eq: …}}}`); `place` names the input object (or field) the leaf belongs to.
    static func leaves(_ sdl: SDL, _ type: any GraphQL.`Type`, path: [String], owner: String, depth: Int = 0)
        -> [(path: [String], leaf: String, isList: Bool, place: String)]
    {
        let name = SDL.named(type)
        guard let fields = sdl.inputs[name] else {
            let isList = (type as? ListType) != nil || ((type as? NonNullType)?.type is ListType)
            return [(path, name, isList, owner + "." + (path.last ?? ""))]
        }
        guard depth < 3 else { return [] }
        return fields.flatMap { leaves(sdl, $0.type, path: path + [$0.name.value], owner: name, depth: depth + 1) }
    }

    static func nodeType(_ sdl: SDL, _ type: any GraphQL.`Type`) -> String {
        let name = SDL.named(type)
        if let nodes = sdl.objects[name]?.first(where: { $0.name.value == "nodes" }) { return SDL.named(nodes.type) }
        return name
    }

    // MARK: Queries

    /// The query placing `value` at `position`, either as `$v` or as a literal; other required arguments
    /// get ordinary values.
    static func query(_ position: Position, value: Map, asVariable: Bool, sdl: SDL) -> (String, [String: Map]?) {
        let placed = asVariable ? "$v" : literal(value)
        func arguments(_ definitions: [InputValueDefinition], target: String?) -> String {
            var parts: [String] = []
            for argument in definitions {
                if argument.name.value == target {
                    var text = placed
                    if position.leafIsList && asVariable == false { text = "[\(text)]" }
                    for key in position.inputPath.reversed() { text = "{\(key): \(text)}" }
                    parts.append("\(argument.name.value): \(text)")
                } else if argument.type is NonNullType, argument.defaultValue == nil {
                    parts.append("\(argument.name.value): \(literal(ordinaryValue(sdl, SDL.named(argument.type))))")
                }
            }
            return parts.isEmpty ? "" : "(" + parts.joined(separator: ", ") + ")"
        }
        func selection(_ type: any GraphQL.`Type`) -> String {
            guard let fields = sdl.objects[SDL.named(type)] else { return "" }
            if fields.contains(where: { $0.name.value == "totalCount" }) { return " { __typename totalCount }" }
            let scalar = fields.first { field in
                let name = SDL.named(field.type)
                return field.arguments.isEmpty && sdl.objects[name] == nil
            }
            return " { __typename\(scalar.map { " " + $0.name.value } ?? "") }"
        }
        let root = position.root
        let body: String
        if let child = position.child {
            let inner = "\(child.name.value)\(arguments(child.arguments, target: position.argument))\(selection(child.type))"
            let rootArguments = arguments(root.arguments, target: nil)
            let isConnection = sdl.objects[SDL.named(root.type)]?.contains(where: { $0.name.value == "nodes" }) ?? false
            let rootSelection = isConnection ? " { nodes { \(inner) } }" : " { \(inner) }"
            body = "\(root.name.value)\(rootArguments.isEmpty && isConnection ? "(first: 2)" : rootArguments)\(rootSelection)"
        } else {
            body = "\(root.name.value)\(arguments(root.arguments, target: position.argument))\(selection(root.type))"
        }
        guard asVariable else { return ("{ \(body) }", nil) }
        let variableType = position.leafIsList ? "[\(position.leaf)]" : position.leaf
        return ("query($v: \(variableType)) { \(body) }", ["v": value])
    }

    static func ordinaryValue(_ sdl: SDL, _ type: String) -> Map {
        if let values = sdl.enums[type] { return .string("ENUM:" + (values.first ?? "")) }
        switch type {
        case "Int": return .number(Number(1))
        case "Date": return .string("2025-06-30")
        case "Boolean": return .bool(true)
        default: return .string("x")
        }
    }

    /// A GraphQL literal for a value; `ENUM:NAME` is written bare.
    static func literal(_ value: Map) -> String {
        switch value {
        case .string(let text):
            if text.hasPrefix("ENUM:") { return String(text.dropFirst(5)) }
            let data = (try? JSONSerialization.data(withJSONObject: [text])) ?? Data("[\"\"]".utf8)
            return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
        case .number(var number): return number.number.stringValue
        case .bool(let flag): return flag ? "true" : "false"
        default: return "null"
        }
    }

    // MARK: Values

    static func hostileValue(for named: String, sdl: SDL, cursors: [(String, String)], random: inout SampleRandom) -> Map {
        let strings: [String] = [
            "", "\\", "%\\", "_", "'", "\"", "a\u{0}b", "\u{0}", String(repeating: "集", count: 3000), "𝔘‮", "-1",
            "99999999999999999999999", "1e400", "NaN", "0000-01-01", "+202-01-01", "2025-+1-01", "2025-02-29",
            base64("Cluster:abc"), base64("Enterprise:abc"), base64("Enterprise:1:2"), base64("Fund:"), base64(":"),
            base64("Cluster:99999999999999999999"), base64("Qualification:-1"), "!!!not base64!!!",
            base64("[\"c1.x\",\"1\"]"),
        ] + cursors.map(\.1)
        if let values = sdl.enums[named] {
            return .string(random.pick(values.map { "ENUM:" + $0 } + ["ENUM:NOT_A_VALUE", "1"]))
        }
        switch named {
        case "Int":
            return random.pick([.number(Number(0)), .number(Number(-1)), .number(Number(2_147_483_647)),
                                .number(Number(-2_147_483_648)), .number(Number(2_147_483_648 as Int)),
                                .number(Number(-2_147_483_649 as Int)), .number(Number(1.5)), .string("1")])
        case "Float", "Decimal":
            return random.pick([.number(Number(1e308)), .number(Number(-0.0)), .string("1e308"), .string("NaN"),
                                .string("123456789012345678901234567890.5"), .string("1.2.3"), .number(Number(0.1))])
        case "Boolean":
            return random.pick([.bool(true), .bool(false), .string("true"), .number(Number(1))])
        case "Date":
            return .string(random.pick(["0000-01-01", "+202-01-01", "2025-+1-01", "2025-02-29", "2024-02-29", "9999-12-31",
                                        "0001-01-01", "20250101", "", "x", "2025-1-1", "１９９９-01-01"]))
        default:
            return .string(random.pick(strings))
        }
    }

    /// A value of the right type and shape, chosen at random.
    static func plausibleValue(for named: String, sdl: SDL, random: inout SampleRandom) -> Map {
        if let values = sdl.enums[named] { return .string("ENUM:" + random.pick(values)) }
        switch named {
        case "Int": return .number(Number(random.pick([0, 1, 3, 2021, 2025])))
        case "Float", "Decimal": return random.pick([.number(Number(0.5)), .string("70"), .string("1000000.01")])
        case "Boolean": return .bool(random.pick([true, false]))
        case "Date": return .string(random.pick(["2021-01-01", "2024-02-29", "2025-06-30", "2026-12-04", "2027-01-01"]))
        default: return .string(random.pick(["52", "520300", "GZ-SAMPLE-2023", "MIIT-2022", "a", "%酒%", "贵州"]))
        }
    }

    static func base64(_ text: String) -> String { base64URLEncode(Data(text.utf8)) }

    static func base64URLEncode(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func base64URLDecode(_ text: String) -> Data? {
        var base = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base.count % 4 != 0 { base += "=" }
        return Data(base64Encoded: base)
    }

    /// Real cursors of some lists (under their default order), to forge from.
    static func realCursors(_ service: QueryService) async throws -> [(String, String)] {
        var found: [(String, String)] = []
        for list in ["clusters", "enterprises", "funds", "supportMeasures", "prefectures"] {
            let body = await service.run("{ \(list)(first: 1) { pageInfo { endCursor } } }")
            guard let data = body.data(using: .utf8),
                  let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let answer = (object["data"] as? [String: Any])?[list] as? [String: Any],
                  let cursor = (answer["pageInfo"] as? [String: Any])?["endCursor"] as? String
            else { continue }
            found.append((list, cursor))
        }
        return found
    }
}

extension SampleRandom {
    /// One of `items`, chosen with this seeded generator, so a failing run repeats exactly.
    mutating func pick<T>(_ items: [T]) -> T { items[Int(next(upperBound: UInt64(items.count)))] }
}
