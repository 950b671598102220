import Catalog

/// One dimension of `…Groups(groupBy:)`: how the value grouped on is found for a row, the key field it fills,
/// and, for keys that are entities, the entity and column the value looks up.
package struct GroupDimension: Sendable {
    /// The field of the group key it fills.
    package let keyField: String
    /// The GraphQL type of that field, and what the schema says about it: the SDL's group types are generated from
    /// these (`qunji schema generate`), so the schema and the planner cannot differ.
    package let keyType: String
    package let description: String
    let value: Value
    let target: (entity: String, column: String)?
    /// What computing the value costs per thousand grouped rows, beyond grouping itself (``ScanWeights``):
    /// a rule evaluated per row, such as the status on a day or the revocation grounds, or a value looked up
    /// in another table.
    let costPerThousandRows: Int

    /// How a dimension's value is found for the grouped row.
    indirect enum Value: Sendable {
        /// A column of the row.
        case column(String)
        /// `column` of the row of `table` whose `key` (its primary key: at most one row) equals `of`, a value of the
        /// grouped row: joined to it.
        case lookup(table: String, column: String, key: String, of: Value)
        /// The value a set function joined to each row gives it (a rule on the day `asOf`); rows the function has
        /// no row for group under null.
        case joined(Join, column: String)
    }

    /// A set function of the day joined to the grouped row.
    enum Join: Sendable {
        /// `LEFT JOIN clusters_status_on(day) j ON j.cluster_id = row.id`: each cluster's status on the day.
        case clusterStatus
        /// The distinct revocation grounds each cluster presents on the day (`cluster_revocation_risks`), laterally:
        /// a cluster is counted under each of its grounds.
        case revocationGrounds
        /// The distinct kinds of title each enterprise holds on the day (`qualifications_valid_on`), laterally.
        case qualificationKinds
    }

    init(_ keyField: String, _ keyType: String, _ description: String, _ value: Value, _ target: (String, String)? = nil,
         costPerThousandRows: Int = 0) {
        self.keyField = keyField
        self.keyType = keyType
        self.description = description
        self.value = value
        self.target = target.map { (entity: $0.0, column: $0.1) }
        var lookups = 0
        var current = value
        while case .lookup(_, _, _, let inner) = current {
            lookups += 1
            current = inner
        }
        self.costPerThousandRows = costPerThousandRows + (lookups > 0 ? ScanWeights.lookedUpDimension : 0)
    }

    /// The value for the row at `row`; `joined` is the alias `join` was given.
    func node(row: String, joined: String) -> SQLNode {
        Self.node(value, row: row, alias: joined, depth: 0)
    }

    /// `value` on the row at `row`, its look-ups and joined function at `alias` (`alias_1`, … one look-up deeper).
    private static func node(_ value: Value, row: String, alias: String, depth: Int) -> SQLNode {
        switch value {
        case .column(let name): return .column(row, name)
        case .lookup(_, let column, _, _): return .column(lookupAlias(alias, depth), column)
        case .joined(_, let column): return .column(alias, column)
        }
    }

    private static func lookupAlias(_ alias: String, _ depth: Int) -> String {
        depth == 0 ? alias : "\(alias)_\(depth)"
    }

    /// The joins the value needs, if any: `rows` (the grouped row at `row`) with the looked-up rows or the set function
    /// at `alias` (and `alias_1`, … for a look-up through another).
    ///
    /// A look-up is a LEFT JOIN on the looked-up table's key, not a correlated subquery: the grouping key is then a
    /// plain column (grouping by a subquery evaluated it per row, 4 times slower for a prefecture at scale 1).
    func join(_ rows: SQLFrom, row: String, alias: String, day: SQLNode) -> SQLFrom? {
        switch value {
        case .column:
            return nil
        case .lookup:
            return Self.lookups(value, rows, row: row, alias: alias, depth: 0)
        case .joined(let join, _):
            switch join {
            case .clusterStatus:
                return .join(rows, .left, .call(.call("clusters_status_on", [day]), alias: alias),
                             on: .binary(.column(alias, "cluster_id"), "=", .column(row, "id")))
            case .revocationGrounds:
                let risks = SQLSelect(columns: [(.column("sub_rr", "ground_code"), nil)],
                                      from: [.call(.call("cluster_revocation_risks", [.column(row, "id"), day]), alias: "sub_rr")],
                                      distinct: true)
                return .join(rows, .left, .lateral(risks, alias: alias), on: .boolean(true))
            case .qualificationKinds:
                let kinds = SQLSelect(columns: [(.column("sub_q", "kind_code"), nil)],
                                      from: [.call(.call("qualifications_valid_on", [day]), alias: "sub_q")],
                                      conditions: [.binary(.column("sub_q", "enterprise_id"), "=", .column(row, "id"))], distinct: true)
                return .join(rows, .left, .lateral(kinds, alias: alias), on: .boolean(true))
            }
        }
    }

    /// `rows` with the joins `value`'s look-ups add, innermost first.
    private static func lookups(_ value: Value, _ rows: SQLFrom, row: String, alias: String, depth: Int) -> SQLFrom {
        guard case .lookup(let table, _, let key, let of) = value else { return rows }
        let looked = lookupAlias(alias, depth)
        return .join(lookups(of, rows, row: row, alias: alias, depth: depth + 1), .left, .table(name: table, alias: looked),
                     on: .binary(.column(looked, key), "=", node(of, row: row, alias: alias, depth: depth + 1)))
    }

    /// A measure's or an indicator's cluster's `column`.
    private static func ofCluster(_ column: String) -> Value {
        .lookup(table: "cluster", column: column, key: "id", of: .column("cluster_id"))
    }

    /// What the schema says of the dimensions many entities share.
    private enum Says {
        static let prefecture = "The prefecture (of the cluster's applicant county, or the enterprise's county)."
        static let county = "The county (the cluster's applicant county, or the enterprise's county)."
        static let cluster = "The cluster."
        static let industrialBase = "The industrial base (null: none)."
        static let year = "The year."
    }

    /// Each `…Groups` root field: the entity it groups and its dimensions, by GraphQL enum value, in the schema's order.
    package static let fields: [(field: String, entity: String, dimensions: [(name: String, dimension: GroupDimension)])] = [
        ("clusterGroups", "Cluster", [
            ("PREFECTURE", .init("prefecture", "Prefecture", Says.prefecture,
                                 .lookup(table: "county", column: "prefecture_code", key: "code", of: .column("applicant_county_code")),
                                 ("Prefecture", "code"))),
            ("COUNTY", .init("county", "County", Says.county, .column("applicant_county_code"), ("County", "code"))),
            ("INDUSTRIAL_BASE", .init("industrialBase", "IndustrialBase", Says.industrialBase, .column("industrial_base_code"),
                                      ("IndustrialBase", "code"))),
            // Status on the day (asOf), from the set function that holds the rule, not the recorded status.
            ("STATUS", .init("status", "ClusterStatus", "The cluster's status on `asOf` (as `Cluster.status`, not the recorded status).",
                             .joined(.clusterStatus, column: "status"), costPerThousandRows: ScanWeights.statusDimension)),
            ("LEADING_INDUSTRY", .init("leadingIndustry", "String", "The cluster's leading industry.", .column("leading_industry"))),
            ("REVOCATION_GROUND", .init("revocationGround", "RevocationGround",
                                        "A revocation ground triggered on `asOf` (Art. 19; a cluster counts once in each of its grounds; null: none).",
                                        .joined(.revocationGrounds, column: "ground_code"),
                                        costPerThousandRows: CostWeights.revocationRisks * 1_000)),
        ]),
        ("enterpriseGroups", "Enterprise", [
            ("PREFECTURE", .init("prefecture", "Prefecture", Says.prefecture,
                                 .lookup(table: "county", column: "prefecture_code", key: "code", of: .column("county_code")),
                                 ("Prefecture", "code"))),
            ("COUNTY", .init("county", "County", Says.county, .column("county_code"), ("County", "code"))),
            ("CLUSTER", .init("cluster", "Cluster", Says.cluster, .column("cluster_id"), ("Cluster", "id"))),
            ("SIZE", .init("size", "EnterpriseSize", "The enterprise's size class.", .column("size_code"))),
            ("QUALIFICATION_KIND", .init("qualificationKind", "QualificationKind",
                                         "A title the enterprise holds valid on `asOf` (an enterprise counts once in each of its kinds; null: none).",
                                         .joined(.qualificationKinds, column: "kind_code"),
                                         costPerThousandRows: ScanWeights.qualificationKindDimension)),
        ]),
        ("supportMeasureGroups", "SupportMeasure", [
            ("YEAR", .init("year", "Int", Says.year, .column("year"))),
            ("FUND", .init("fund", "Fund", "The fund (null: measures without a fund).", .column("fund_code"), ("Fund", "code"))),
            ("DIRECTION", .init("direction", "SupportDirection", "The cultivation direction (Art. 6).", .column("direction_code"))),
            ("KIND", .init("kind", "SupportKind", "The kind of support.", .column("kind_code"))),
            ("GRANTING_LEVEL", .init("grantingLevel", "GrantingLevel", "The level or sector of the giver.", .column("granting_level_code"))),
            ("CLUSTER", .init("cluster", "Cluster", Says.cluster, .column("cluster_id"), ("Cluster", "id"))),
            ("PREFECTURE", .init("prefecture", "Prefecture", Says.prefecture,
                                 .lookup(table: "county", column: "prefecture_code", key: "code", of: ofCluster("applicant_county_code")),
                                 ("Prefecture", "code"))),
            ("COUNTY", .init("county", "County", Says.county, ofCluster("applicant_county_code"), ("County", "code"))),
        ]),
        ("indicatorGroups", "ClusterIndicator", [
            ("YEAR", .init("year", "Int", Says.year, .column("year"))),
            ("CLUSTER", .init("cluster", "Cluster", Says.cluster, .column("cluster_id"), ("Cluster", "id"))),
            ("PREFECTURE", .init("prefecture", "Prefecture", Says.prefecture,
                                 .lookup(table: "county", column: "prefecture_code", key: "code", of: ofCluster("applicant_county_code")),
                                 ("Prefecture", "code"))),
            ("INDUSTRIAL_BASE", .init("industrialBase", "IndustrialBase", Says.industrialBase, ofCluster("industrial_base_code"),
                                      ("IndustrialBase", "code"))),
        ]),
    ]

    /// The dimensions of each groupable entity, by GraphQL enum value.
    static let all: [String: [String: GroupDimension]] = Dictionary(uniqueKeysWithValues: fields.map { field in
        (field.entity, Dictionary(uniqueKeysWithValues: field.dimensions.map { ($0.name, $0.dimension) }))
    })
}
