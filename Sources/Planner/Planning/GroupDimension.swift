import Catalog

/// One dimension of `…Groups(groupBy:)`: how the value grouped on is found for a row, the key field it fills,
/// and, for keys that are entities, the entity and column the value looks up.
struct GroupDimension: Sendable {
    let keyField: String
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
        /// `column` of the row of `table` whose `key` equals `of` (a value of the grouped row), by a subquery:
        /// evaluated once per row (PostgreSQL does not turn a correlated scalar subquery into a join).
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

    init(_ keyField: String, _ value: Value, _ target: (String, String)? = nil, costPerThousandRows: Int = 0) {
        self.keyField = keyField
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

    /// The value for the row at `row`; `joined` is the alias its join was given, if it has one.
    func node(row: String, joined: String?) -> SQLNode {
        Self.node(value, row: row, joined: joined, depth: 0)
    }

    private static func node(_ value: Value, row: String, joined: String?, depth: Int) -> SQLNode {
        switch value {
        case .column(let name):
            return .column(row, name)
        case .lookup(let table, let column, let key, let of):
            let alias = "sub_d\(depth)"
            return .subquery(SQLSelect(columns: [(.column(alias, column), nil)], from: [.table(name: table, alias: alias)],
                                       conditions: [.binary(.column(alias, key), "=", node(of, row: row, joined: joined, depth: depth + 1))]))
        case .joined(_, let column):
            return .column(joined ?? row, column)
        }
    }

    /// The join the value needs, if any: `rows` (the grouped row at `row`) with the set function at `alias`.
    func join(_ rows: SQLFrom, row: String, alias: String, day: SQLNode) -> SQLFrom? {
        guard case .joined(let join, _) = value else { return nil }
        switch join {
        case .clusterStatus:
            return .join(rows, .left, .call(.call("clusters_status_on", [day]), alias: alias),
                         on: .binary(.column(alias, "cluster_id"), "=", .column(row, "id")))
        case .revocationGrounds:
            let risks = SQLSelect(columns: [(.column("sub_rr", "ground_code"), nil)],
                                  from: [.call(.call("cluster_revocation_risks", [.column(row, "id"), day]), alias: "sub_rr")], distinct: true)
            return .join(rows, .left, .lateral(risks, alias: alias), on: .boolean(true))
        case .qualificationKinds:
            let kinds = SQLSelect(columns: [(.column("sub_q", "kind_code"), nil)],
                                  from: [.call(.call("qualifications_valid_on", [day]), alias: "sub_q")],
                                  conditions: [.binary(.column("sub_q", "enterprise_id"), "=", .column(row, "id"))], distinct: true)
            return .join(rows, .left, .lateral(kinds, alias: alias), on: .boolean(true))
        }
    }

    /// A measure's or an indicator's cluster's `column`.
    private static func ofCluster(_ column: String) -> Value {
        .lookup(table: "cluster", column: column, key: "id", of: .column("cluster_id"))
    }

    /// The dimensions of each groupable entity, by GraphQL enum value (see `schema/schema.graphql`).
    static let all: [String: [String: GroupDimension]] = [
        "Cluster": [
            "PREFECTURE": .init("prefecture", .lookup(table: "county", column: "prefecture_code", key: "code", of: .column("applicant_county_code")),
                                ("Prefecture", "code")),
            "COUNTY": .init("county", .column("applicant_county_code"), ("County", "code")),
            "INDUSTRIAL_BASE": .init("industrialBase", .column("industrial_base_code"), ("IndustrialBase", "code")),
            // Status on the day (asOf), from the set function that holds the rule, not the recorded status.
            "STATUS": .init("status", .joined(.clusterStatus, column: "status"), costPerThousandRows: ScanWeights.statusDimension),
            "LEADING_INDUSTRY": .init("leadingIndustry", .column("leading_industry")),
            "REVOCATION_GROUND": .init("revocationGround", .joined(.revocationGrounds, column: "ground_code"),
                                       costPerThousandRows: CostWeights.revocationRisks * 1_000),
        ],
        "Enterprise": [
            "PREFECTURE": .init("prefecture", .lookup(table: "county", column: "prefecture_code", key: "code", of: .column("county_code")),
                                ("Prefecture", "code")),
            "COUNTY": .init("county", .column("county_code"), ("County", "code")),
            "CLUSTER": .init("cluster", .column("cluster_id"), ("Cluster", "id")),
            "SIZE": .init("size", .column("size_code")),
            "QUALIFICATION_KIND": .init("qualificationKind", .joined(.qualificationKinds, column: "kind_code"),
                                        costPerThousandRows: ScanWeights.qualificationKindDimension),
        ],
        "SupportMeasure": [
            "YEAR": .init("year", .column("year")),
            "FUND": .init("fund", .column("fund_code"), ("Fund", "code")),
            "DIRECTION": .init("direction", .column("direction_code")),
            "KIND": .init("kind", .column("kind_code")),
            "GRANTING_LEVEL": .init("grantingLevel", .column("granting_level_code")),
            "CLUSTER": .init("cluster", .column("cluster_id"), ("Cluster", "id")),
            "PREFECTURE": .init("prefecture", .lookup(table: "county", column: "prefecture_code", key: "code", of: ofCluster("applicant_county_code")),
                                ("Prefecture", "code")),
            "COUNTY": .init("county", ofCluster("applicant_county_code"), ("County", "code")),
        ],
        "ClusterIndicator": [
            "YEAR": .init("year", .column("year")),
            "CLUSTER": .init("cluster", .column("cluster_id"), ("Cluster", "id")),
            "PREFECTURE": .init("prefecture", .lookup(table: "county", column: "prefecture_code", key: "code", of: ofCluster("applicant_county_code")),
                                ("Prefecture", "code")),
            "INDUSTRIAL_BASE": .init("industrialBase", ofCluster("industrial_base_code"), ("IndustrialBase", "code")),
        ],
    ]
}
