/// Enterprises, their quality-tier titles and incidents (migration 0005).
extension Catalog {
    static let enterpriseEntities: [Entity] = [enterprise, qualification, incident]

    /// A row whose `enterprise_id` is an enterprise of the prefecture `{region}`.
    private static let enterpriseInRegion = SQLTemplate(
        "EXISTS (SELECT 1 FROM enterprise sub_e JOIN county sub_k ON sub_k.code = sub_e.county_code "
            + "WHERE sub_e.id = {t}.enterprise_id AND sub_k.prefecture_code = {region})")

    /// `enterprise`: Enterprises, keyed by surrogate id and listed by it (names are not unique).
    private static let enterprise = Entity(
        typeName: "Enterprise",
        table: "enterprise",
        key: [.init("id", "bigint")],
        fields: [
            "creditCode": .value(ValueField(.column("credit_code"), .string)),
            "name": .value(ValueField(.column("name"), .string)),
            "nameEn": .value(ValueField(.column("name_en"), .string, nullable: true)),
            "county": .object(Relation(target: "County", condition: "{r}.code = {t}.county_code")),
            "cluster": .object(Relation(target: "Cluster", condition: "{r}.id = {t}.cluster_id", nullable: true)),
            "size": .value(ValueField(.column("size_code"), .enumeration("EnterpriseSize"))),
            "inLeadingIndustry": .value(ValueField(.column("in_leading_industry"), .boolean)),
            "isLeadingEnterprise": .value(ValueField(.column("is_leading_enterprise"), .boolean)),
            "foundedOn": .value(ValueField(.column("founded_on"), .date)),
            "employees": .value(ValueField(.column("employees"), .int, nullable: true)),
            "revenue": .value(ValueField(.column("revenue"), .decimal, nullable: true)),
            "rdExpenditure": .value(ValueField(.column("rd_expenditure"), .decimal, nullable: true)),
            "isSample": .value(ValueField(.column("is_sample"), .boolean)),
            "qualifications": .connection(Relation(target: "Qualification", condition: "{r}.enterprise_id = {t}.id")),
            "incidents": .connection(Relation(target: "Incident", condition: "{r}.enterprise_id = {t}.id")),
        ],
        defaultOrder: [],
        regionCondition: "{t}.county_code IN (SELECT sub_k.code FROM county sub_k WHERE sub_k.prefecture_code = {region})"
    )

    /// `qualification`: Quality-tier titles; listed by grant date.
    private static let qualification = Entity(
        typeName: "Qualification",
        table: "qualification",
        key: [.init("id", "bigint")],
        fields: [
            "enterprise": .object(Relation(target: "Enterprise", condition: "{r}.id = {t}.enterprise_id")),
            "kind": .value(ValueField(.column("kind_code"), .enumeration("QualificationKind"))),
            "level": .value(ValueField(.column("level_code"), .enumeration("QualificationLevel"))),
            "grantedOn": .value(ValueField(.column("granted_on"), .date)),
            "expiresOn": .value(ValueField(.column("expires_on"), .date, nullable: true)),
            "withdrawnOn": .value(ValueField(.column("withdrawn_on"), .date, nullable: true)),
            // The rule lives in SQL (migration 0016): the recorded expiry, else the kind's term, cut short by a
            // withdrawal; no end ('infinity') reads as null.
            "validThrough": .value(ValueField(.template(
                "nullif(least(qualification_last_day({t}.granted_on, {t}.expires_on, {t}.kind_code), {t}.withdrawn_on - 1), "
                    + "'infinity'::date)"), .date, nullable: true)),
            "valid": .value(ValueField(.template(
                "(EXISTS (SELECT 1 FROM qualifications_valid_on({asOf}) sub_q WHERE sub_q.id = {t}.id))"), .boolean)),
            "grantingBody": .value(ValueField(.column("granting_body"), .string, nullable: true)),
            "certificateNo": .value(ValueField(.column("certificate_no"), .string, nullable: true)),
        ],
        defaultOrder: [.column("granted_on")],
        regionCondition: enterpriseInRegion
    )

    /// `incident`: Incidents that bar recognition; listed by date.
    private static let incident = Entity(
        typeName: "Incident",
        table: "incident",
        key: [.init("id", "bigint")],
        fields: [
            "enterprise": .object(Relation(target: "Enterprise", condition: "{r}.id = {t}.enterprise_id")),
            "kind": .value(ValueField(.column("kind_code"), .enumeration("IncidentKind"))),
            "grade": .value(ValueField(.column("grade_code"), .enumeration("IncidentGrade"), nullable: true)),
            "occurredOn": .value(ValueField(.column("occurred_on"), .date)),
            "determinedBy": .value(ValueField(.column("determined_by"), .string, nullable: true)),
            "description": .value(ValueField(.column("description"), .string)),
            "source": .value(ValueField(.column("source"), .string, nullable: true)),
        ],
        defaultOrder: [.column("occurred_on")],
        regionCondition: enterpriseInRegion
    )
}
