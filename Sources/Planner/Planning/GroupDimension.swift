import Catalog

/// One dimension of `…Groups(groupBy:)`: the SQL value grouped on for a row (`{r}`), the key field it fills,
/// and, for keys that are entities, the entity and column the value looks up.
struct GroupDimension {
    let keyField: String
    let expression: String
    let target: (entity: String, column: String)?
    /// An extra FROM item the expression needs (a lateral join), or nil.
    let join: String?
    /// What computing the value costs per thousand grouped rows, beyond grouping itself (``ScanWeights``):
    /// a rule evaluated per row, such as the status on a day or the revocation grounds, or a value looked up
    /// in another table.
    let costPerThousandRows: Int

    init(_ keyField: String, _ expression: String, _ target: (String, String)? = nil, join: String? = nil,
         costPerThousandRows: Int = 0) {
        self.keyField = keyField
        self.expression = expression
        self.target = target.map { (entity: $0.0, column: $0.1) }
        self.join = join
        // A value looked up in another table by a subquery is evaluated once per row (PostgreSQL does not turn
        // a correlated scalar subquery into a join).
        self.costPerThousandRows = costPerThousandRows + (expression.hasPrefix("(SELECT") ? ScanWeights.lookedUpDimension : 0)
    }

    private static let clusterPrefecture = "(SELECT k.prefecture_code FROM cluster c JOIN county k ON k.code = c.applicant_county_code WHERE c.id = {r}.cluster_id)"

    /// The dimensions of each groupable entity, by GraphQL enum value (see `schema/schema.graphql`).
    static let all: [String: [String: GroupDimension]] = [
        "Cluster": [
            "PREFECTURE": .init("prefecture", "(SELECT k.prefecture_code FROM county k WHERE k.code = {r}.applicant_county_code)",
                                ("Prefecture", "code")),
            "COUNTY": .init("county", "{r}.applicant_county_code", ("County", "code")),
            "INDUSTRIAL_BASE": .init("industrialBase", "{r}.industrial_base_code", ("IndustrialBase", "code")),
            // Status on the day (asOf), from the set function that holds the rule, not the recorded status.
            "STATUS": .init("status", "gst.status", join: "LEFT JOIN clusters_status_on({asOf}) gst ON gst.cluster_id = {r}.id",
                            costPerThousandRows: ScanWeights.statusDimension),
            "LEADING_INDUSTRY": .init("leadingIndustry", "{r}.leading_industry"),
            "REVOCATION_GROUND": .init("revocationGround", "rg.ground_code", join:
                "LEFT JOIN LATERAL (SELECT DISTINCT sub_rr.ground_code FROM cluster_revocation_risks({r}.id, {asOf}) sub_rr) rg ON true",
                costPerThousandRows: CostWeights.revocationRisks * 1_000),
        ],
        "Enterprise": [
            "PREFECTURE": .init("prefecture", "(SELECT k.prefecture_code FROM county k WHERE k.code = {r}.county_code)",
                                ("Prefecture", "code")),
            "COUNTY": .init("county", "{r}.county_code", ("County", "code")),
            "CLUSTER": .init("cluster", "{r}.cluster_id", ("Cluster", "id")),
            "SIZE": .init("size", "{r}.size_code"),
            "QUALIFICATION_KIND": .init("qualificationKind", "qk.kind_code", join:
                "LEFT JOIN LATERAL (SELECT DISTINCT q.kind_code FROM qualifications_valid_on({asOf}) q "
                    + "WHERE q.enterprise_id = {r}.id) qk ON true", costPerThousandRows: ScanWeights.qualificationKindDimension),
        ],
        "SupportMeasure": [
            "YEAR": .init("year", "{r}.year"),
            "FUND": .init("fund", "{r}.fund_code", ("Fund", "code")),
            "DIRECTION": .init("direction", "{r}.direction_code"),
            "KIND": .init("kind", "{r}.kind_code"),
            "GRANTING_LEVEL": .init("grantingLevel", "{r}.granting_level_code"),
            "CLUSTER": .init("cluster", "{r}.cluster_id", ("Cluster", "id")),
            "PREFECTURE": .init("prefecture", clusterPrefecture, ("Prefecture", "code")),
            "COUNTY": .init("county", "(SELECT c.applicant_county_code FROM cluster c WHERE c.id = {r}.cluster_id)",
                            ("County", "code")),
        ],
        "ClusterIndicator": [
            "YEAR": .init("year", "{r}.year"),
            "CLUSTER": .init("cluster", "{r}.cluster_id", ("Cluster", "id")),
            "PREFECTURE": .init("prefecture", clusterPrefecture, ("Prefecture", "code")),
            "INDUSTRIAL_BASE": .init("industrialBase", "(SELECT c.industrial_base_code FROM cluster c WHERE c.id = {r}.cluster_id)",
                                     ("IndustrialBase", "code")),
        ],
    ]
}
