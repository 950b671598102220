/// A GraphQL object type backed by one table: how its fields, relations and global id are computed.
public struct Entity: Sendable {
    /// GraphQL type name, e.g. `Cluster`.
    public let typeName: String
    /// Table name in the `public` schema.
    public let table: String
    /// Primary-key columns, in order: the deterministic tie-breaker of every ordering and the payload
    /// of the global `Node` id.
    public let key: [KeyColumn]
    /// Fields by GraphQL name. `id` (the global Node id) is implicit and not listed.
    public let fields: [String: EntityField]
    /// The order of lists of this type when the query gives none (the key is appended).
    public let defaultOrder: [SQLExpression]
    /// true: rows come from a set-returning SQL function (`table` names it) through a `derived` field, never
    /// from a table, so the type has no key, no global id and no root list.
    public let isComputed: Bool
    /// For rows that belong to a prefecture (enterprise-level data): the condition a row (`{t}`) meets when it
    /// lies in the prefecture `{region}`. A principal limited to a region reads only such rows, everywhere.
    public let regionCondition: SQLTemplate?

    public init(typeName: String, table: String, key: [KeyColumn], fields: [String: EntityField],
                defaultOrder: [SQLExpression] = [], computed: Bool = false, regionCondition: SQLTemplate? = nil) {
        self.typeName = typeName
        self.table = table
        self.key = key
        self.fields = fields
        self.defaultOrder = defaultOrder
        self.isComputed = computed
        self.regionCondition = regionCondition
    }

    /// One primary-key column and the SQL type used to bind it when decoding a global id or cursor.
    public struct KeyColumn: Sendable, Hashable {
        public let column: String
        /// Cast for a bound parameter: `bigint`, `text`, `smallint`.
        public let sqlType: String

        public init(_ column: String, _ sqlType: String) {
            self.column = column
            self.sqlType = sqlType
        }
    }
}

/// One field of an entity.
public enum EntityField: Sendable {
    /// A scalar or enum value computed from the row.
    case value(ValueField)
    /// A single related object (or null).
    case object(Relation)
    /// A connection of related objects.
    case connection(Relation)
    /// Support received or given, totalled per a dimension (`[SupportTotal!]!`): fund managers' summaries.
    case supportTotals(SupportTotals)
    /// Rows computed by a set-returning SQL function for the owner row (the policy's rules).
    case derived(DerivedRows)
}

/// Which support measures a `supportTotals` field sums, and how it groups them.
public struct SupportTotals: Sendable {
    public enum Dimension: String, Sendable {
        case year, direction, prefecture, cluster, fund
    }

    /// Whose measures are totalled: a fund's (by its code) or a cluster's (by its id).
    public enum Owner: Sendable {
        case fund, cluster

        /// The owner row's column the measures refer to.
        public var column: String {
            switch self {
            case .fund: return "code"
            case .cluster: return "id"
            }
        }
    }

    public let dimension: Dimension
    public let owner: Owner

    /// Totals computed by the SQL function `support_totals` (migration 0021) for the owner row.
    public init(_ dimension: Dimension, of owner: Owner) {
        self.dimension = dimension
        self.owner = owner
    }
}

public struct ValueField: Sendable {
    public let expression: SQLExpression
    public let kind: ScalarKind
    public let nullable: Bool
    /// Whether lists may be ordered by this field (`orderBy`), and connections filtered.
    public let sortable: Bool
    /// A text generated from enterprise-level rows of every prefecture (the evidence of a revocation risk
    /// names the enterprises behind it): withheld from principals limited to a region, in selections and
    /// filters alike, since it cannot be built from their rows alone.
    public let provinceWideText: Bool
    /// What computing it for one row costs, in cost units (0 for a plain column; see `DerivedRows.cost`).
    public let cost: Int

    public init(_ expression: SQLExpression, _ kind: ScalarKind, nullable: Bool = false, sortable: Bool = true,
                provinceWideText: Bool = false, cost: Int = 0) {
        self.cost = cost
        self.expression = expression
        self.kind = kind
        self.nullable = nullable
        self.sortable = sortable
        self.provinceWideText = provinceWideText
    }
}

/// How rows of `target` relate to a row of the owning entity.
public struct Relation: Sendable {
    /// GraphQL type name of the related entity.
    public let target: String
    /// SQL condition linking a target row (`{r}`) to the owner row (`{t}`),
    /// e.g. `{r}.prefecture_code = {t}.code`.
    public let condition: SQLTemplate
    /// For `.object`: whether the result may be null.
    public let nullable: Bool

    public init(target: String, condition: SQLTemplate, nullable: Bool = false) {
        self.target = target
        self.condition = condition
        self.nullable = nullable
    }

    /// A relation whose condition the catalog composed as text: parsed here, once.
    public init(target: String, condition: String, nullable: Bool = false) {
        self.init(target: target, condition: SQLTemplate(condition), nullable: nullable)
    }

    /// The condition with both aliases substituted.
    public func render(owner: String, related: String) -> String {
        condition.text { $0 == "t" ? owner : $0 == "r" ? related : "{" + $0 + "}" }
    }
}

/// A field of `Query` and what it reads.
public enum RootField: Sendable {
    /// A connection over every row of an entity.
    case connection(entity: String)
    /// A single row found by one of several alternative keys: each GraphQL argument maps to a column.
    case lookup(entity: String, arguments: [String: LookupArgument])
    /// Relay's `node(id:)`.
    case node
    /// Progress toward a plan's recognition target (Art. 5), computed by the compiler's analytics.
    case targetProgress
    /// Clusters bucketed by a dimension (regional balance, Art. 3), computed by the compiler's analytics.
    case distribution
    /// Rows of an entity grouped by dimensions with aggregates (`clusterGroups` …), compiled by the group-by builder.
    case groups(entity: String)
}

public struct LookupArgument: Sendable {
    public let column: String
    public let sqlType: String
    /// `true` when the argument is the global Node id rather than a column value.
    public let isGlobalID: Bool

    public init(column: String, sqlType: String, isGlobalID: Bool = false) {
        self.column = column
        self.sqlType = sqlType
        self.isGlobalID = isGlobalID
    }
}

/// Everything the compiler knows about the database: the mapping from the schema's types and fields.
public struct Catalog: Sendable {
    public let entities: [String: Entity]
    public let rootFields: [String: RootField]
    /// GraphQL enum name → the lookup table whose `code` column holds its values (for the start-up check).
    public let enums: [String: String]
    /// The fields of `Mutation`, by name (the process's steps, issue 20).
    public let mutations: [String: MutationField]
    /// The mutations' payload types, by name.
    public let payloads: [String: PayloadType]

    public init(entities: [Entity], rootFields: [String: RootField], enums: [String: String],
                mutations: [String: MutationField] = [:], payloads: [String: PayloadType] = [:]) {
        self.entities = Dictionary(uniqueKeysWithValues: entities.map { ($0.typeName, $0) })
        self.rootFields = rootFields
        self.enums = enums
        self.mutations = mutations
        self.payloads = payloads
    }
}
