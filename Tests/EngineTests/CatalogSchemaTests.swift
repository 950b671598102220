import Catalog
import Foundation
import GraphQL
import Postgres
import TestSupport
import Testing

/// `schema/schema.graphql` (the public contract) and `Catalog.qunji` (how the compiler reads each field from the
/// tables) must agree exactly, and every SQL fragment of the catalog must run. A mismatch found here would otherwise
/// surface as a start-up failure or, worse, as a query failing in PostgreSQL at run time.
@Suite("Catalog and schema")
struct CatalogSchemaTests {
    static let catalog = Catalog.qunji
    /// Every connection field takes exactly these arguments, in this order.
    /// The arguments every connection over `entity` takes.
    static func connectionArguments(_ entity: String) -> [String] {
        ["first: Int", "after: String", "last: Int", "before: String", "offset: Int", "orderBy: [\(entity)OrderBy!]",
         "where: \(entity)Filter"]
    }
    /// The built-in scalars and the contract's two custom ones (design §6).
    static let scalars: Set<String> = ["String", "Int", "Float", "Boolean", "ID", "Date", "Decimal"]
    /// Tables that are neither an entity nor an enum's lookup table, and why.
    static let unmappedTables: [String: String] = [
        "schema_migrations": "the migration runner's bookkeeping",
        "qualification_tier": "which levels grant which tier: enforced by the foreign key of qualification",
        "api_key": "credentials (only their hashes), read by the authenticator, never exposed through GraphQL",
        "cluster_summary": "derived figures kept per cluster, read by distribution and targetProgress, not an entity of its own",
        "cluster_title": "derived: each cluster's titles, kept by triggers for condition 2 of Art. 11 (read by the eligibility functions)",
        "cluster_incident": "derived: each cluster's incidents, kept by triggers for Art. 11's last paragraph and Art. 19(5) (read by the rule functions)",
        "county_adjacency": "which counties share a border: read by County.neighbours and the commit-time check of a cluster's counties (Art. 2)",
        "audit_change": "the rows each mutation changed: read as AuditEvent.changes (JSON text), not an entity of its own",
        "idempotency_record": "mutations' idempotency keys and first answers, read by the server, never exposed through GraphQL",
    ]

    static func schema() throws -> GraphQLSchema {
        try buildSchema(source: String(contentsOf: Repository.url("schema/schema.graphql"), encoding: .utf8))
    }

    static var entityNames: [String] { catalog.entities.keys.sorted() }
    /// `<Owner><Field>Filter` → the derived field it filters, for every derived field that takes arguments.
    static var derivedFieldFilters: [String: DerivedRows] {
        var inputs: [String: DerivedRows] = [:]
        for (owner, entity) in catalog.entities {
            for (field, mapping) in entity.fields {
                guard case .derived(let rows) = mapping, !rows.arguments.isEmpty || rows.source.description.contains("{asOf}") else { continue }
                inputs[owner + field.prefix(1).uppercased() + field.dropFirst() + "Filter"] = rows
            }
        }
        return inputs
    }

    /// Entities backed by a table (not computed by a function): those with connections, keys and columns.
    static var tableEntityNames: [String] { catalog.entities.filter { !$0.value.isComputed }.keys.sorted() }

    /// The GraphQL type a catalog field must have, written as in SDL.
    static func expectedType(_ field: EntityField) -> String {
        switch field {
        case .value(let value): return value.kind.graphQLTypeName + (value.nullable ? "" : "!")
        case .object(let relation): return relation.target + (relation.nullable ? "" : "!")
        case .connection(let relation): return "\(relation.target)Connection!"
        case .supportTotals: return "[SupportTotal!]!"
        case .derived(let rows): return rows.single ? "\(rows.target)!" : "[\(rows.target)!]!"
        }
    }

    /// A field's arguments as `name: Type`, in declaration order.
    static func arguments(_ field: GraphQLField) -> [String] {
        field.args.map { "\($0.key): \($0.value.type.debugDescription)" }
    }

    /// An object or interface type's fields as `name: Type`, in declaration order.
    static func shape(_ fields: GraphQLFieldMap) -> [String] {
        fields.map { "\($0.key): \($0.value.type.debugDescription)" }
    }

    // MARK: - Schema against catalog

    @Test("the schema builds with GraphQL 4.3.0; its mutations and their payloads are the catalog's")
    func schemaBuilds() throws {
        let schema = try Self.schema()
        #expect(schema.queryType?.name == "Query")
        // A subscription asks exactly what a query asks (issue 21): the same fields with the same arguments and types.
        let subscription = try #require(schema.subscriptionType)
        let query = try #require(schema.queryType)
        let signature = { (fields: GraphQLFieldMap) in
            fields.map { "\($0.key)(\($0.value.args.map { "\($0.key): \($0.value.type.debugDescription)" }.joined(separator: ", ")))"
                + ": \($0.value.type.debugDescription)" }
        }
        #expect(signature(try subscription.fields()) == signature(try query.fields()))
        let mutation = try #require(schema.mutationType)
        #expect(Set(try mutation.fields().keys) == Set(Self.catalog.mutations.keys))
        for (name, field) in try mutation.fields() {
            let definition = try #require(Self.catalog.mutations[name])
            #expect(field.type.debugDescription == definition.payloadType + "!", "\(name)")
            #expect(Array(field.args.keys) == ["input"], "\(name)")
            let payload = try #require(schema.getType(name: definition.payloadType) as? GraphQLObjectType)
            let mapping = try #require(Self.catalog.payloads[definition.payloadType])
            #expect(Set(try payload.fields().keys) == Set(mapping.fields.keys), "\(definition.payloadType)")
            for (fieldName, payloadField) in try payload.fields() {
                #expect(payloadField.type.debugDescription.trimmingCharacters(in: ["!"]) == mapping.fields[fieldName]?.entity,
                        "\(definition.payloadType).\(fieldName)")
            }
            // Every global id the step takes is declared, with its type.
            let input = try #require(field.args.values.first?.type as? GraphQLNonNull)
            let inputType = try #require(input.ofType as? GraphQLInputObjectType)
            let ids = try inputType.fields().filter { $0.value.type.debugDescription.hasPrefix("ID") }.map { $0.key }
            #expect(Set(ids) == Set(definition.globalIDInputs.keys), "\(name)")
        }
    }

    @Test("every entity type has exactly the catalog's fields, with the catalog's types and nullability")
    func entityFields() throws {
        let schema = try Self.schema()
        for name in Self.entityNames {
            let entity = try #require(Self.catalog.entities[name])
            #expect(entity.typeName == name)
            guard let type = schema.getType(name: name) as? GraphQLObjectType else {
                Issue.record("entity \(name) has no object type in the schema")
                continue
            }
            let fields = try type.fields()
            if entity.isComputed {
                #expect(try type.interfaces().isEmpty, "\(name) is computed: no Node")
                #expect(fields["id"] == nil, "\(name) is computed: no id")
            } else {
                #expect(try type.interfaces().map(\.name) == ["Node"], "\(name) must implement Node")
                #expect(fields["id"]?.type.debugDescription == "ID!", "\(name).id must be ID!")
            }
            let schemaNames = Set(fields.keys).subtracting(["id"])
            let catalogNames = Set(entity.fields.keys)
            #expect(schemaNames.subtracting(catalogNames).sorted() == [], "\(name): fields with no catalog mapping")
            #expect(catalogNames.subtracting(schemaNames).sorted() == [], "\(name): mappings with no schema field")
            for (fieldName, field) in entity.fields.sorted(by: { $0.key < $1.key }) {
                guard let schemaField = fields[fieldName] else { continue }
                #expect(schemaField.type.debugDescription == Self.expectedType(field), "\(name).\(fieldName)")
                switch field {
                case .connection(let relation):
                    #expect(Self.arguments(schemaField) == Self.connectionArguments(relation.target), "\(name).\(fieldName) arguments")
                    #expect(Self.catalog.entities[relation.target] != nil, "\(name).\(fieldName): unknown target")
                case .object(let relation):
                    #expect(schemaField.args.isEmpty, "\(name).\(fieldName) takes no arguments")
                    #expect(Self.catalog.entities[relation.target] != nil, "\(name).\(fieldName): unknown target")
                case .supportTotals:
                    #expect(schemaField.args.isEmpty, "\(name).\(fieldName) takes no arguments")
                case .derived(let rows):
                    // The function's arguments, then `asOf` when it is computed for a day.
                    let expected = rows.arguments.map { "\($0.name): \($0.sqlType == "text" ? "String" : "Int")" }
                        + (rows.source.description.contains("{asOf}") ? ["asOf: Date"] : [])
                    #expect(Self.arguments(schemaField) == expected, "\(name).\(fieldName) arguments")
                case .value(let value):
                    // Fields computed for a day (`{asOf}` in their SQL) take `asOf: Date`; others no arguments.
                    let onADay: Bool
                    if case .template(let text) = value.expression { onADay = text.description.contains("{asOf}") } else { onADay = false }
                    #expect(Self.arguments(schemaField) == (onADay ? ["asOf: Date"] : []), "\(name).\(fieldName) arguments")
                    if case .enumeration(let enumName) = value.kind {
                        #expect(Self.catalog.enums[enumName] != nil, "\(name).\(fieldName): unknown enum \(enumName)")
                    }
                }
            }
        }
    }

    @Test("each entity has its Connection and Edge types of the contract's shape, sharing one PageInfo")
    func connectionTypes() throws {
        let schema = try Self.schema()
        let pageInfo = try #require(schema.getType(name: "PageInfo") as? GraphQLObjectType)
        #expect(try Self.shape(pageInfo.fields()) == [
            "hasNextPage: Boolean!", "hasPreviousPage: Boolean!", "startCursor: String", "endCursor: String",
        ])
        for name in Self.tableEntityNames {
            let connection = schema.getType(name: "\(name)Connection") as? GraphQLObjectType
            let edge = schema.getType(name: "\(name)Edge") as? GraphQLObjectType
            #expect(try connection.map { try Self.shape($0.fields()) } == [
                "totalCount: Int!", "nodes: [\(name)!]!", "edges: [\(name)Edge!]!", "pageInfo: PageInfo!",
                "aggregate: \(name)Aggregate!",
            ], "\(name)Connection")
            #expect(
                try edge.map { try Self.shape($0.fields()) } == ["cursor: String!", "node: \(name)!"], "\(name)Edge")
        }
    }

    /// The input types of the mutations' `input` arguments, and the input types inside them.
    static func mutationInputs(_ schema: GraphQLSchema) -> Set<String> {
        var names: Set<String> = []
        var queue = ((try? schema.mutationType?.fields()) ?? [:]).values.flatMap { $0.args.values.map { Self.named($0.type) } }
        while let name = queue.popLast() {
            guard !names.contains(name), let input = schema.getType(name: name) as? GraphQLInputObjectType else { continue }
            names.insert(name)
            queue += ((try? input.fields()) ?? [:]).values.map { Self.named($0.type) }
        }
        return names
    }

    /// A type's name without list and non-null wrappers.
    static func named(_ type: any GraphQLType) -> String {
        type.debugDescription.trimmingCharacters(in: CharacterSet(charactersIn: "[]!"))
    }

    @Test("every type of the schema is an entity, its connection or edge, PageInfo, Query, Mutation and its payloads, Node, an enum or a scalar")
    func noUnmappedTypes() throws {
        let schema = try Self.schema()
        let entities = Set(Self.entityNames)
        let structural = Set(Self.tableEntityNames.flatMap { name in
            ["Connection", "Edge", "Aggregate", "SumFields", "AvgFields", "MinFields", "MaxFields"].map { name + $0 }
        }).union(["Query", "PageInfo", "TargetProgress", "TargetProgressYear", "TargetProgressPrefecture",
                 "DistributionBucket", "StatusCount", "FundAmount", "SupportTotal", "Mutation", "Subscription"])
            .union(Self.catalog.payloads.keys)
            .union(["Cluster", "Enterprise", "SupportMeasure", "ClusterIndicator"].flatMap { ["\($0)Group", "\($0)GroupKey"] })
        for (name, type) in schema.typeMap where !name.hasPrefix("__") {
            switch type {
            case let object as GraphQLObjectType:
                #expect(entities.contains(name) || structural.contains(name), "object type \(name) is not mapped")
                let implementsNode = try object.interfaces().contains { $0.name == "Node" }
                #expect(implementsNode == Self.tableEntityNames.contains(name), "\(name): Node exactly for table entities")
            case let interface as GraphQLInterfaceType:
                #expect(name == "Node", "unexpected interface \(name)")
                #expect(try Self.shape(interface.fields()) == ["id: ID!"])
            case is GraphQLEnumType where name == "OrderDirection" || name == "DistributionDimension" || name.hasSuffix("GroupDimension")
                || name == "ReportStatus":
                break  // the compiler's own vocabulary, not a lookup table
            case is GraphQLEnumType:
                #expect(Self.catalog.enums[name] != nil, "enum \(name) is not in the catalog's enums")
            case is GraphQLInputObjectType where Self.mutationInputs(schema).contains(name):
                break  // a step's input (checked with the mutations)
            case is GraphQLInputObjectType where name.contains("Group") || name.hasSuffix("Having")
                || ["Sum", "Avg", "Min", "Max"].contains(where: { name.hasSuffix("\($0)OrderBy") }):
                break  // group-by inputs: having and orderBy over aggregates and keys
            case let input as GraphQLInputObjectType where name.hasSuffix("OrderBy"):
                // `<Entity>OrderBy`: one optional key per sortable field or to-one relation of the entity.
                #expect(entities.contains(String(name.dropLast("OrderBy".count))), "input \(name) is not an entity's OrderBy")
                for (key, field) in try input.fields() {
                    let type = field.type.debugDescription
                    #expect(type == "OrderDirection" || type.hasSuffix("OrderBy"), "\(name).\(key): \(type)")
                }
            case let input as GraphQLInputObjectType where name.hasSuffix("ListFilter"):
                #expect(entities.contains(String(name.dropLast("ListFilter".count))), "input \(name)")
                #expect(Set(try input.fields().keys) == ["some", "every", "none", "count", "where"], "input \(name)")
            case let input as GraphQLInputObjectType where Self.derivedFieldFilters.keys.contains(name):
                // `<Owner><Field>Filter`: a computed field's arguments beside the conditions on its rows.
                let rows = try #require(Self.derivedFieldFilters[name])
                let fields = try input.fields()
                let arguments = rows.arguments.map(\.name) + (rows.source.description.contains("{asOf}") ? ["asOf"] : [])
                #expect(arguments.allSatisfy { fields[$0] != nil }, "input \(name) lacks an argument")
                #expect(rows.single ? fields["and"] != nil : fields["some"] != nil, "input \(name)")
            case let input as GraphQLInputObjectType where name.hasSuffix("Filter"):
                // An entity's filter (and/or/not plus its fields), or an operator input of a scalar or enum.
                let subject = String(name.dropLast("Filter".count))
                let fields = try input.fields()
                if entities.contains(subject) {
                    #expect(fields["and"] != nil && fields["or"] != nil && fields["not"] != nil, "input \(name)")
                } else {
                    #expect(Self.scalars.contains(subject) || ["Int", "Float", "String", "ID", "Boolean"].contains(subject)
                            || Self.catalog.enums[subject] != nil, "input \(name) filters an unknown type")
                    #expect(fields["eq"] != nil && fields["isNull"] != nil, "input \(name)")
                }
            case is GraphQLScalarType:
                #expect(Self.scalars.contains(name), "unexpected scalar \(name)")
            default:
                Issue.record("unexpected type \(name): no unions yet")
            }
        }
        for name in Self.catalog.enums.keys.sorted() {
            #expect(schema.getType(name: name) is GraphQLEnumType, "catalog enum \(name) missing from the schema")
        }
    }

    @Test("Query has exactly the catalog's root fields, with matching types and arguments")
    func rootFields() throws {
        let schema = try Self.schema()
        let query = try #require(schema.queryType)
        let fields = try query.fields()
        let schemaNames = Set(fields.keys)
        let catalogNames = Set(Self.catalog.rootFields.keys)
        #expect(schemaNames.subtracting(catalogNames).sorted() == [], "Query fields with no catalog mapping")
        #expect(catalogNames.subtracting(schemaNames).sorted() == [], "root mappings with no Query field")
        for (name, root) in Self.catalog.rootFields.sorted(by: { $0.key < $1.key }) {
            guard let field = fields[name] else { continue }
            switch root {
            case .connection(let entity):
                #expect(Self.catalog.entities[entity] != nil, "Query.\(name): unknown entity \(entity)")
                #expect(field.type.debugDescription == "\(entity)Connection!", "Query.\(name)")
                // `clusters` also takes the day its statuses refer to.
                let extra = name == "clusters" ? ["asOf: Date"] : []
                #expect(Self.arguments(field) == extra + Self.connectionArguments(entity), "Query.\(name) arguments")
            case .lookup(let entity, let arguments):
                #expect(Self.catalog.entities[entity] != nil, "Query.\(name): unknown entity \(entity)")
                #expect(field.type.debugDescription == entity, "Query.\(name) returns a nullable \(entity)")
                #expect(Set(field.args.keys) == Set(arguments.keys), "Query.\(name) arguments")
                for (argumentName, argument) in arguments {
                    if argument.isGlobalID, let key = Self.catalog.entities[entity]?.key {
                        #expect(key.map(\.column) == [argument.column], "Query.\(name)(\(argumentName):) is the key")
                    }
                    let type = field.args[argumentName]?.type.debugDescription.replacing("!", with: "")
                    let allowed: Set<String> = argument.isGlobalID ? ["ID"]
                        : argument.sqlType == "text" ? ["String", "ID"] : ["Int"]
                    #expect(type.map(allowed.contains) == true, "Query.\(name)(\(argumentName):): \(type ?? "missing")")
                }
            case .targetProgress:
                #expect(field.type.debugDescription == "TargetProgress", "Query.\(name)")
            case .distribution:
                #expect(field.type.debugDescription == "[DistributionBucket!]!", "Query.\(name)")
            case .groups(let entity):
                #expect(field.type.debugDescription == "[\(entity)Group!]!", "Query.\(name)")
            case .node:
                #expect(field.type.debugDescription == "Node", "Query.\(name)")
                #expect(Self.arguments(field) == ["id: ID!"], "Query.\(name) arguments")
            }
        }
    }

    // MARK: - Catalog against the database

    @Test("every value expression, key, default order, relation condition and lookup column runs in PostgreSQL")
    func sqlFragmentsRun() async throws {
        let database = try await ProjectDatabase.seeded("catalog")
        let failures = try await ProjectDatabase.withConnection(database) { connection in
            Self.tableEntityNames.flatMap { Self.runFragments(of: $0, on: connection) } + Self.runLookups(on: connection)
        }
        #expect(failures.isEmpty, Comment(rawValue: failures.joined(separator: "\n")))
    }

    @Test("key and value columns have the catalog's SQL types and nullability, and every column and table is used")
    func columnsMatch() async throws {
        let database = try await ProjectDatabase.migrated("catalog")
        let problems = try await ProjectDatabase.withConnection(database) { connection in
            let perEntity = try Self.tableEntityNames.flatMap { try Self.columnProblems(of: $0, on: connection) }
            return try Self.tablesWithoutMapping(on: connection) + perEntity
        }
        #expect(problems.isEmpty, Comment(rawValue: problems.joined(separator: "\n")))
    }

    @Test("each enum's values are its lookup table's codes, in the table's order")
    func enumsMatchLookupTables() async throws {
        let enumValues = Self.enumValues(try Self.schema())
        let database = try await ProjectDatabase.migrated("catalog")
        let problems = try await ProjectDatabase.withConnection(database) { connection in
            var problems: [String] = []
            for (name, table) in Self.catalog.enums.sorted(by: { $0.key < $1.key }) where !table.isEmpty {
                let hasRank = try connection.query(
                    "SELECT 1 FROM pg_attribute WHERE attrelid = $1::regclass AND attname = 'rank'", [table]).count == 1
                // revocation_ground has no rank: its order is the item number of Art. 19.
                let codes = try connection.query("SELECT code FROM \(table) ORDER BY \(hasRank ? "rank" : "item")")
                let actual = (0..<codes.count).compactMap { codes[$0, 0] }
                if actual != enumValues[name] {
                    problems.append("\(name): schema \(enumValues[name] ?? []) but \(table) holds \(actual)")
                }
            }
            return problems
        }
        #expect(problems.isEmpty, Comment(rawValue: problems.joined(separator: "\n")))
    }

    @Test("sample data: to-one relations find one row (nullable: at most one); enum values and non-null fields hold")
    func sampleDataFitsTheSchema() async throws {
        let enumValues = Self.enumValues(try Self.schema())
        let database = try await ProjectDatabase.seeded("catalog")
        let problems = try await ProjectDatabase.withConnection(database) { connection in
            try Self.tableEntityNames.flatMap { try Self.dataProblems(of: $0, enumValues: enumValues, on: connection) }
        }
        #expect(problems.isEmpty, Comment(rawValue: problems.joined(separator: "\n")))
    }

    // MARK: - Database checks, one entity at a time

    /// Runs the entity's value expressions (ordered by its default order and key), binds its key with the declared
    /// SQL types, and runs each relation's condition against the target table. Returns the failures.
    static func runFragments(of name: String, on connection: PostgresConnection) -> [String] {
        guard let entity = catalog.entities[name] else { return ["no entity \(name)"] }
        var failures: [String] = []
        func run(_ what: String, _ sql: String) {
            do { _ = try connection.query(sql) } catch { failures.append("\(what): \(error)\n    \(sql)") }
        }
        let keys = entity.key.map { "t.\($0.column)" }
        let values = entity.fields.sorted(by: { $0.key < $1.key }).compactMap { fieldName, field -> String? in
            guard case .value(let value) = field else { return nil }
            return "\(value.expression.render(alias: "t").replacingOccurrences(of: "{asOf}", with: "current_date")) AS \"\(fieldName)\""
        }
        let order = (entity.defaultOrder.map { $0.render(alias: "t") } + keys).joined(separator: ", ")
        let selectList = (keys + values).joined(separator: ", ")
        run("\(name) values", "SELECT \(selectList) FROM \(entity.table) t ORDER BY \(order) LIMIT 1")
        let boundKey = entity.key.map { "NULL::\($0.sqlType)" }.joined(separator: ", ")
        let keyList = keys.joined(separator: ", ")
        run("\(name) key", "SELECT 1 FROM \(entity.table) t WHERE ROW(\(keyList)) = ROW(\(boundKey))")
        for (fieldName, relation) in relations(of: entity) {
            guard let target = catalog.entities[relation.target] else { continue }
            let condition = relation.render(owner: "t", related: "r")
            run("\(name).\(fieldName)", "SELECT 1 FROM \(target.table) r, \(entity.table) t WHERE \(condition) LIMIT 1")
        }
        return failures
    }

    /// Compares each look-up argument's column with a parameter of the declared SQL type.
    static func runLookups(on connection: PostgresConnection) -> [String] {
        var failures: [String] = []
        for (name, root) in catalog.rootFields.sorted(by: { $0.key < $1.key }) {
            guard case .lookup(let entityName, let arguments) = root, let entity = catalog.entities[entityName] else {
                continue
            }
            for (argumentName, argument) in arguments.sorted(by: { $0.key < $1.key }) {
                let sql = "SELECT 1 FROM \(entity.table) t WHERE t.\(argument.column) = NULL::\(argument.sqlType)"
                do { _ = try connection.query(sql) } catch {
                    failures.append("Query.\(name)(\(argumentName):): \(error)\n    \(sql)")
                }
            }
        }
        return failures
    }

    /// Tables of the public schema that are neither an entity's table nor an enum's lookup table.
    static func tablesWithoutMapping(on connection: PostgresConnection) throws -> [String] {
        let tables = try connection.query("""
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1
            """)
        let mapped = Set(catalog.entities.values.map(\.table)).union(catalog.enums.values)
        return (0..<tables.count).compactMap { tables[$0, 0] }
            .filter { !mapped.contains($0) && unmappedTables[$0] == nil }
            .map { "table \($0) is neither an entity nor an enum's lookup table" }
    }

    /// Key and `.column` value fields against the table's columns (SQL type, nullability), and columns no field reads.
    static func columnProblems(of name: String, on connection: PostgresConnection) throws -> [String] {
        guard let entity = catalog.entities[name] else { return ["no entity \(name)"] }
        let rows = try connection.query("""
            SELECT attname, format_type(atttypid, atttypmod), NOT attnotnull AND attgenerated = ''
            FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped
            """, [entity.table])
        // A generated column of non-null inputs is never null, though PostgreSQL does not mark it NOT NULL.
        var columns: [String: (type: String, nullable: Bool)] = [:]
        for row in 0..<rows.count {
            guard let column = rows[row, 0], let type = rows[row, 1] else { continue }
            columns[column] = (type, rows[row, 2] == "t")
        }
        var problems: [String] = []
        for key in entity.key where columns[key.column]?.type != key.sqlType {
            let actual = columns[key.column]?.type ?? "missing"
            problems.append("\(name) key \(key.column) is \(actual), not \(key.sqlType)")
        }
        var used = Set(entity.key.map(\.column))
        for (fieldName, field) in entity.fields.sorted(by: { $0.key < $1.key }) {
            switch field {
            case .value(let value):
                guard case .column(let column) = value.expression else {
                    if case .template(let text) = value.expression { used.formUnion(ownerColumns(text.description)) }
                    continue
                }
                used.insert(column)
                guard let sql = columns[column] else {
                    problems.append("\(name).\(fieldName): no column \(column)")
                    continue
                }
                if !compatible(value.kind, sql.type) {
                    problems.append("\(name).\(fieldName): \(value.kind.graphQLTypeName) for a \(sql.type) column")
                }
                if value.nullable != sql.nullable {
                    problems.append("\(name).\(fieldName): nullable is \(value.nullable), the column's \(sql.nullable)")
                }
            case .supportTotals(let totals):
                used.insert(totals.owner.column)
            case .derived(let rows):
                used.formUnion(ownerColumns(rows.source.description))
            case .object(let relation), .connection(let relation):
                used.formUnion(ownerColumns(relation.condition.description))
            }
        }
        for column in Set(columns.keys).subtracting(used).sorted() {
            problems.append("\(name): column \(entity.table).\(column) is not exposed by any field")
        }
        return problems
    }

    /// On loaded data: each to-one relation finds exactly one row (at most one when nullable), non-null value
    /// fields are never null, and enum fields hold only their enum's values.
    static func dataProblems(of name: String, enumValues: [String: [String]], on connection: PostgresConnection)
        throws -> [String]
    {
        guard let entity = catalog.entities[name] else { return ["no entity \(name)"] }
        var problems: [String] = []
        for (fieldName, field) in entity.fields.sorted(by: { $0.key < $1.key }) {
            switch field {
            case .object(let relation):
                guard let target = catalog.entities[relation.target] else { continue }
                let condition = relation.render(owner: "t", related: "r")
                let matches = "(SELECT count(*) FROM \(target.table) r WHERE \(condition))"
                let violation = relation.nullable ? "\(matches) > 1" : "\(matches) <> 1"
                let count = try connection.query("SELECT count(*) FROM \(entity.table) t WHERE \(violation)").scalar
                if count != "0" { problems.append("\(name).\(fieldName): \(count ?? "?") rows where \(violation)") }
            case .value(let value):
                let expression = value.expression.render(alias: "t").replacingOccurrences(of: "{asOf}", with: "current_date")
                if !value.nullable {
                    let sql = "SELECT count(*) FROM \(entity.table) t WHERE \(expression) IS NULL"
                    let count = try connection.query(sql).scalar
                    if count != "0" { problems.append("\(name).\(fieldName): non-null, null in \(count ?? "?") rows") }
                }
                guard case .enumeration(let enumName) = value.kind else { continue }
                let allowed = Set(enumValues[enumName] ?? [])
                let rows = try connection.query("SELECT DISTINCT \(expression) FROM \(entity.table) t")
                for code in (0..<rows.count).compactMap({ rows[$0, 0] }) where !allowed.contains(code) {
                    problems.append("\(name).\(fieldName) holds \(code), not a value of \(enumName)")
                }
            case .supportTotals, .derived:
                continue
            case .connection:
                continue
            }
        }
        return problems
    }

    // MARK: - Helpers

    /// The entity's object and connection relations by field name, sorted.
    static func relations(of entity: Entity) -> [(String, Relation)] {
        entity.fields.sorted(by: { $0.key < $1.key }).compactMap { name, field in
            switch field {
            case .object(let relation), .connection(let relation): return (name, relation)
            case .supportTotals, .derived: return nil
            case .value: return nil
            }
        }
    }

    /// Enum name → its values in declaration order.
    static func enumValues(_ schema: GraphQLSchema) -> [String: [String]] {
        var values: [String: [String]] = [:]
        for (name, type) in schema.typeMap {
            if let enumType = type as? GraphQLEnumType { values[name] = enumType.values.map(\.name) }
        }
        return values
    }

    /// Whether a GraphQL scalar kind can carry a column of this PostgreSQL type: money is numeric(20,2) as
    /// Decimal, ratios and intensities are other numerics as Float.
    static func compatible(_ kind: ScalarKind, _ sqlType: String) -> Bool {
        switch kind {
        case .id, .string, .enumeration: return sqlType == "text"
        case .int: return ["smallint", "integer", "bigint"].contains(sqlType)
        case .decimal: return sqlType == "numeric(20,2)"
        case .float: return sqlType.hasPrefix("numeric") && sqlType != "numeric(20,2)"
        case .boolean: return sqlType == "boolean"
        case .date: return sqlType == "date"
        }
    }

    /// The owner-row columns (`{t}.name`) an SQL fragment reads.
    static func ownerColumns(_ fragment: String) -> Set<String> {
        let identifier = Set("abcdefghijklmnopqrstuvwxyz0123456789_")
        return Set(fragment.components(separatedBy: "{t}.").dropFirst().map {
            String($0.prefix { identifier.contains($0) })
        })
    }
}
