/// Support measures given to clusters (migration 0006).
extension Catalog {
    static let supportEntities: [Entity] = [supportMeasure]

    /// `support_measure`: Support measures; listed by budget year.
    private static let supportMeasure = Entity(
        typeName: "SupportMeasure",
        table: "support_measure",
        key: [.init("id", "bigint")],
        fields: [
            "cluster": .object(Relation(target: "Cluster", condition: "{r}.id = {t}.cluster_id")),
            "fund": .object(Relation(target: "Fund", condition: "{r}.code = {t}.fund_code", nullable: true)),
            "provider": .value(ValueField(.column("provider"), .string, nullable: true)),
            "grantingLevel": .value(ValueField(.column("granting_level_code"), .enumeration("GrantingLevel"))),
            "kind": .value(ValueField(.column("kind_code"), .enumeration("SupportKind"))),
            "direction": .value(ValueField(.column("direction_code"), .enumeration("SupportDirection"))),
            "amountYuan": .value(ValueField(.column("amount_yuan"), .decimal, nullable: true)),
            "year": .value(ValueField(.column("year"), .int)),
            "approvedOn": .value(ValueField(.column("approved_on"), .date, nullable: true)),
            "title": .value(ValueField(.column("title"), .string)),
            "measureNo": .value(ValueField(.column("measure_no"), .string)),
            "note": .value(ValueField(.column("note"), .string, nullable: true)),
            "isSample": .value(ValueField(.column("is_sample"), .boolean)),
        ],
        defaultOrder: [.column("year")]
    )
}
