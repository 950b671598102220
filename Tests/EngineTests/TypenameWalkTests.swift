import Engine
import Foundation
import GraphQL
import Planner
import TestSupport
import Testing

/// Every `__typename` names the object type of its position (issue 17 §4): one query selects `__typename` on
/// every object type reachable from the root, each type's fields expanded once, and the answer is walked
/// beside the schema. `clusterGroups { sum { __typename } }` used to answer "Clustersum".
@Suite("__typename everywhere")
struct TypenameWalkTests {
    /// What the answer at a position must be: its object type, and the positions below it by response key.
    final class Expected {
        let typeName: String
        var children: [String: Expected] = [:]
        init(_ typeName: String) { self.typeName = typeName }
    }

    /// The object type a field returns, through lists and non-null; nil for scalars, enums, interfaces and unions.
    static func objectType(_ type: GraphQLOutputType) -> GraphQLObjectType? {
        switch type {
        case let nonNull as GraphQLNonNull: return objectType(nonNull.ofType as! GraphQLOutputType)
        case let list as GraphQLList: return objectType(list.ofType as! GraphQLOutputType)
        case let object as GraphQLObjectType: return object
        default: return nil
        }
    }

    /// Arguments for a field: `first: 2` where it pages, the first value of each required enum (or list of
    /// enums); nil when a required argument is of another kind (the field is then left out).
    static func arguments(_ field: GraphQLField) -> String? {
        var parts: [String] = []
        for (argumentName, argument) in field.args.sorted(by: { $0.key < $1.key }) {
            if argumentName == "first" { parts.append("first: 2"); continue }
            guard let required = argument.type as? GraphQLNonNull, argument.defaultValue == nil else { continue }
            switch required.ofType {
            case let enumType as GraphQLEnumType:
                guard let value = enumType.values.first?.name else { return nil }
                parts.append("\(argumentName): \(value)")
            case let list as GraphQLList:
                let inner = (list.ofType as? GraphQLNonNull)?.ofType ?? list.ofType
                guard let enumType = inner as? GraphQLEnumType, let value = enumType.values.first?.name else { return nil }
                parts.append("\(argumentName): [\(value)]")
            default:
                return nil
            }
        }
        return parts.isEmpty ? "" : "(" + parts.joined(separator: ", ") + ")"
    }

    /// The selection set of `type` with `__typename` and, the first time the type is met, every object field.
    static func selection(_ type: GraphQLObjectType, _ expected: Expected, expanded: inout Set<String>) throws -> String {
        var parts = ["__typename"]
        guard expanded.insert(type.name).inserted else { return "{ __typename }" }
        for (name, field) in try type.fields().sorted(by: { $0.key < $1.key }) {
            guard let target = objectType(field.type), let arguments = arguments(field) else { continue }
            let child = Expected(target.name)
            expected.children[name] = child
            parts.append("\(name)\(arguments) " + (try selection(target, child, expanded: &expanded)))
        }
        return "{ " + parts.joined(separator: " ") + " }"
    }

    static func check(_ value: Any, _ expected: Expected, path: String, problems: inout [String]) {
        if let array = value as? [Any] {
            for (index, item) in array.enumerated() { check(item, expected, path: "\(path)[\(index)]", problems: &problems) }
            return
        }
        guard let object = value as? [String: Any] else { return }  // null: nothing to check
        let answered = object["__typename"] as? String
        if answered != expected.typeName {
            problems.append("\(path): __typename \(answered ?? "missing"), expected \(expected.typeName)")
        }
        for (key, child) in expected.children {
            if let nested = object[key] { check(nested, child, path: "\(path).\(key)", problems: &problems) }
        }
    }

    @Test("every object type reachable from the root answers its own name (the full schema: every role sees a subset of it)")
    func walk() async throws {
        let service = try await ServiceFixture.shared.service()
        let schema = try await TestSchemas.full()
        let query = try #require(schema.queryType)
        var expanded: Set<String> = []
        var reached = 0
        for (name, field) in try query.fields().sorted(by: { $0.key < $1.key }) {
            // Look-ups take one of several optional keys; a sample cluster's code serves, other look-ups return
            // the types their lists return and are left out.
            let lookups = ["cluster": #"(code: "GZTS-520382-01")"#]
            guard let target = Self.objectType(field.type), var arguments = Self.arguments(field) else { continue }
            if let lookup = lookups[name] { arguments = lookup }
            if lookups[name] == nil, field.args.keys.contains("id"), !(field.type is GraphQLList) { continue }
            let expected = Expected(target.name)
            // One root field per request, so each stays within the limits and a failure names its field.
            let document = "{ \(name)\(arguments) \(try Self.selection(target, expected, expanded: &expanded)) }"
            let body = await service.run(document)
            guard let object = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any],
                  let data = object["data"] as? [String: Any] else {
                Issue.record("\(name): \(body.prefix(400))")
                continue
            }
            var problems: [String] = []
            Self.check(data[name] as Any, expected, path: name, problems: &problems)
            #expect(problems.isEmpty, "\(problems.prefix(10))")
            reached += 1
        }
        #expect(expanded.count > 60, "the walk reached \(expanded.count) object types from \(reached) root fields")
        for name in ["ClusterSumFields", "ClusterIndicatorMinFields", "ClusterGroupKey", "DistributionBucket", "TargetProgress"] {
            #expect(expanded.contains(name), "\(name) was not reached")
        }
    }
}
