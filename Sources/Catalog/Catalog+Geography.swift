/// Prefectures and counties: Guizhou's real GB/T 2260 divisions (migration 0002), and the public reference facts tied
/// to them (0008).
extension Catalog {
    static let geographyEntities: [Entity] = [prefecture, county, countyIndustry, publicClusterNotice]

    /// `prefecture`: 市州, keyed by the GB/T 2260 code users already know; listed by code.
    private static let prefecture = Entity(
        typeName: "Prefecture",
        table: "prefecture",
        key: [.init("code", "text")],
        fields: [
            "code": .value(ValueField(.column("code"), .id)),
            "name": .value(ValueField(.column("name"), .string)),
            "nameEn": .value(ValueField(.column("name_en"), .string)),
            "divisionType": .value(ValueField(.column("division_type"), .string)),
            "counties": .connection(Relation(target: "County", condition: "{r}.prefecture_code = {t}.code")),
            "clusters": .connection(Relation(target: "Cluster", condition: prefectureClustersCondition)),
            "applications": .connection(Relation(target: "Application", condition: "{r}.prefecture_code = {t}.code")),
            "reviews": .connection(Relation(target: "Review", condition: "{r}.prefecture_code = {t}.code")),
            "annualReports": .connection(Relation(target: "AnnualReport", condition: "{r}.prefecture_code = {t}.code")),
            "countyIndustries": .connection(
                Relation(target: "CountyIndustry", condition: "{r}.prefecture_code = {t}.code")),
            "publicClusterNotices": .connection(
                Relation(target: "PublicClusterNotice", condition: "{r}.prefecture_code = {t}.code")),
        ],
        defaultOrder: [.column("code")]
    )

    /// `county`: 县级行政区, keyed by the GB/T 2260 code; listed by code, which groups counties by prefecture.
    private static let county = Entity(
        typeName: "County",
        table: "county",
        key: [.init("code", "text")],
        fields: [
            "code": .value(ValueField(.column("code"), .id)),
            "prefecture": .object(Relation(target: "Prefecture", condition: "{r}.code = {t}.prefecture_code")),
            "name": .value(ValueField(.column("name"), .string)),
            "nameEn": .value(ValueField(.column("name_en"), .string)),
            "divisionType": .value(ValueField(.column("division_type"), .string)),
            // Art. 2 (相邻县): counties sharing a border, from county_adjacency (migration 0017, both directions stored).
            "neighbours": .connection(Relation(target: "County", condition:
                "{r}.code IN (SELECT sub_adj.neighbour_code FROM county_adjacency sub_adj WHERE sub_adj.county_code = {t}.code)")),
            "clusters": .connection(Relation(target: "Cluster", condition: countyClustersCondition)),
            "clusterShares": .connection(Relation(target: "ClusterCounty", condition: "{r}.county_code = {t}.code")),
            "applicantClusters": .connection(
                Relation(target: "Cluster", condition: "{r}.applicant_county_code = {t}.code")),
            "enterprises": .connection(Relation(target: "Enterprise", condition: "{r}.county_code = {t}.code")),
            "applications": .connection(
                Relation(target: "Application", condition: "{r}.applicant_county_code = {t}.code")),
            "countyIndustries": .connection(
                Relation(target: "CountyIndustry", condition: "{r}.county_code = {t}.code")),
            "publicClusterNotices": .connection(
                Relation(target: "PublicClusterNotice", condition: "{r}.county_code = {t}.code")),
        ],
        defaultOrder: [.column("code")]
    )

    /// `county_industry`: Sourced facts on county industries; the key is the row number of the source CSV.
    private static let countyIndustry = Entity(
        typeName: "CountyIndustry",
        table: "county_industry",
        key: [.init("id", "integer")],
        fields: [
            "prefecture": .object(Relation(target: "Prefecture", condition: "{r}.code = {t}.prefecture_code")),
            "county": .object(Relation(target: "County", condition: "{r}.code = {t}.county_code", nullable: true)),
            "industry": .value(ValueField(.column("industry"), .string)),
            "evidence": .value(ValueField(.column("evidence"), .string)),
            "evidenceYear": .value(ValueField(.column("evidence_year"), .int)),
            "source": .value(ValueField(.column("source"), .string)),
        ],
        defaultOrder: []
    )

    /// `public_cluster_notice`: Clusters named in public notices; the key is the row number of the source CSV.
    private static let publicClusterNotice = Entity(
        typeName: "PublicClusterNotice",
        table: "public_cluster_notice",
        key: [.init("id", "integer")],
        fields: [
            "year": .value(ValueField(.column("year"), .int)),
            // The column holds lowercase words ('provincial', 'national'); the enum values are their upper case.
            "level": .value(ValueField(.template("upper({t}.level)"), .enumeration("PublicNoticeLevel"))),
            "name": .value(ValueField(.column("name"), .string)),
            "prefecture": .object(
                Relation(target: "Prefecture", condition: "{r}.code = {t}.prefecture_code", nullable: true)),
            "county": .object(Relation(target: "County", condition: "{r}.code = {t}.county_code", nullable: true)),
            "locationNote": .value(ValueField(.column("location_note"), .string, nullable: true)),
            "leadingIndustry": .value(ValueField(.column("leading_industry"), .string)),
            // The column holds lowercase words ('proposed', 'listed'); the enum values are their upper case.
            "noticeStatus": .value(
                ValueField(.template("upper({t}.notice_status)"), .enumeration("PublicNoticeStatus"))),
            "source": .value(ValueField(.column("source"), .string)),
        ],
        defaultOrder: [.column("year")]
    )

    /// A cluster belongs to the prefecture of its applicant county (Art. 13-14).
    private static let prefectureClustersCondition = """
        EXISTS (SELECT 1 FROM county sub_county
            WHERE sub_county.code = {r}.applicant_county_code
            AND sub_county.prefecture_code = {t}.code)
        """

    /// Many-to-many through cluster_county (Art. 2: one or several adjacent counties).
    private static let countyClustersCondition = """
        EXISTS (SELECT 1 FROM cluster_county sub_cc
            WHERE sub_cc.cluster_id = {r}.id
            AND sub_cc.county_code = {t}.code)
        """
}
