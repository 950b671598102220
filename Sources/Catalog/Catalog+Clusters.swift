/// Clusters, the counties they lie in with output shares, and their yearly indicators (migration 0004).
extension Catalog {
    static let clusterEntities: [Entity] = [cluster, clusterCounty, clusterIndicator]

    /// `cluster`: Clusters, keyed by surrogate id (the global id's payload); listed by their stable code.
    private static let cluster = Entity(
        typeName: "Cluster",
        table: "cluster",
        key: [.init("id", "bigint")],
        fields: [
            "code": .value(ValueField(.column("code"), .string)),
            "name": .value(ValueField(.column("name"), .string)),
            "nameEn": .value(ValueField(.column("name_en"), .string)),
            "leadingIndustry": .value(ValueField(.column("leading_industry"), .string)),
            "leadingIndustryEn": .value(ValueField(.column("leading_industry_en"), .string, nullable: true)),
            "industrialBase": .object(
                Relation(target: "IndustrialBase", condition: "{r}.code = {t}.industrial_base_code", nullable: true)),
            "operatingBody": .value(ValueField(.column("operating_body"), .string, nullable: true)),
            "applicantCounty": .object(Relation(target: "County", condition: "{r}.code = {t}.applicant_county_code")),
            // Art. 13: the applicant is the county with the largest share of output (a tie for the largest counts).
            "applicantCountyConsistent": .value(ValueField(.template(
                "(NOT EXISTS (SELECT 1 FROM cluster_county sub_cc WHERE sub_cc.cluster_id = {t}.id AND sub_cc.output_share > "
                    + "(SELECT sub_a.output_share FROM cluster_county sub_a WHERE sub_a.cluster_id = {t}.id "
                    + "AND sub_a.county_code = {t}.applicant_county_code)))"), .boolean)),
            "prefecture": .object(Relation(target: "Prefecture", condition: clusterPrefectureCondition)),
            "status": .value(ValueField(.template(clusterStatus), .enumeration("ClusterStatus"))),
            "recordedStatus": .value(ValueField(.column("status_code"), .enumeration("ClusterStatus"))),
            "validUntil": .value(ValueField(.template(clusterValidUntil), .date, nullable: true)),
            "daysUntilExpiry": .value(ValueField(.template("(\(clusterValidUntil) - {asOf})"), .int, nullable: true)),
            "reviewDue": .value(ValueField(.template("cluster_review_due_on({t}.id, {asOf})"), .boolean)),
            "poolEntryDate": .value(ValueField(.column("pool_entry_date"), .date, nullable: true)),
            "energyIntensive": .value(ValueField(.column("energy_intensive"), .boolean)),
            "waterIntensive": .value(ValueField(.column("water_intensive"), .boolean)),
            "description": .value(ValueField(.column("description"), .string, nullable: true)),
            "isSample": .value(ValueField(.column("is_sample"), .boolean)),
            "publicSource": .value(ValueField(.column("public_source"), .string, nullable: true)),
            "counties": .connection(Relation(target: "ClusterCounty", condition: "{r}.cluster_id = {t}.id")),
            "enterprises": .connection(Relation(target: "Enterprise", condition: "{r}.cluster_id = {t}.id")),
            "indicators": .connection(Relation(target: "ClusterIndicator", condition: "{r}.cluster_id = {t}.id")),
            "supportMeasures": .connection(Relation(target: "SupportMeasure", condition: "{r}.cluster_id = {t}.id")),
            "supportByFund": .supportTotals(SupportTotals(.fund, of: .cluster)),
            "supportByYear": .supportTotals(SupportTotals(.year, of: .cluster)),
            "applications": .connection(Relation(target: "Application", condition: "{r}.cluster_id = {t}.id")),
            "recognitions": .connection(Relation(target: "Recognition", condition: "{r}.cluster_id = {t}.id")),
            "reviews": .connection(Relation(target: "Review", condition: "{r}.cluster_id = {t}.id")),
            "annualReports": .connection(Relation(target: "AnnualReport", condition: "{r}.cluster_id = {t}.id")),
            "changeFilings": .connection(Relation(target: "ChangeFiling", condition: "{r}.cluster_id = {t}.id")),
            "monitoringChecks": .connection(Relation(target: "MonitoringCheck", condition: "{r}.cluster_id = {t}.id")),
            "revocations": .connection(Relation(target: "Revocation", condition: "{r}.cluster_id = {t}.id")),
            "misconductFindings": .connection(Relation(target: "MisconductFinding", condition: "{r}.cluster_id = {t}.id")),
        ].merging(clusterRuleFields) { own, _ in own },
        defaultOrder: [.column("code")]
    )

    /// `cluster_county`: A cluster's counties with output shares; keyed by (cluster, county), so a cluster's counties
    /// list by code.
    private static let clusterCounty = Entity(
        typeName: "ClusterCounty",
        table: "cluster_county",
        key: [.init("cluster_id", "bigint"), .init("county_code", "text")],
        fields: [
            "cluster": .object(Relation(target: "Cluster", condition: "{r}.id = {t}.cluster_id")),
            "county": .object(Relation(target: "County", condition: "{r}.code = {t}.county_code")),
            "outputShare": .value(ValueField(.column("output_share"), .float)),
        ],
        defaultOrder: []
    )

    /// `cluster_indicator`: One cluster-year of indicators; keyed by (cluster, year) and listed by year.
    private static let clusterIndicator = Entity(
        typeName: "ClusterIndicator",
        table: "cluster_indicator",
        key: [.init("cluster_id", "bigint"), .init("year", "smallint")],
        fields: [
            "cluster": .object(Relation(target: "Cluster", condition: "{r}.id = {t}.cluster_id")),
            "year": .value(ValueField(.column("year"), .int)),
            "outputValue": .value(ValueField(.column("output_value"), .decimal)),
            "smeOutputValue": .value(ValueField(.column("sme_output_value"), .decimal)),
            "leadingIndustryOutputValue": .value(ValueField(.column("leading_industry_output_value"), .decimal)),
            "smeRdExpenditure": .value(ValueField(.column("sme_rd_expenditure"), .decimal, nullable: true)),
            "smeInventionPatents": .value(ValueField(.column("sme_invention_patents"), .int, nullable: true)),
            "localSupplyShare": .value(ValueField(.column("local_supply_share"), .float, nullable: true)),
            "cloudAdoptionRate": .value(ValueField(.column("cloud_adoption_rate"), .float, nullable: true)),
            "industrialSoftwareRate": .value(ValueField(.column("industrial_software_rate"), .float, nullable: true)),
            "co2Intensity": .value(ValueField(.column("co2_intensity"), .float, nullable: true)),
            "energyIntensity": .value(ValueField(.column("energy_intensity"), .float, nullable: true)),
            "energyIntensityBenchmark": .value(
                ValueField(.column("energy_intensity_benchmark"), .float, nullable: true)),
            "waterIntensity": .value(ValueField(.column("water_intensity"), .float, nullable: true)),
            "waterIntensityBenchmark": .value(ValueField(.column("water_intensity_benchmark"), .float, nullable: true)),
            "exportValue": .value(ValueField(.column("export_value"), .decimal, nullable: true)),
            "internationalActivities": .value(ValueField(.column("international_activities"), .int, nullable: true)),
            "overseasBranches": .value(ValueField(.column("overseas_branches"), .int, nullable: true)),
            "servicePlatforms": .value(ValueField(.column("service_platforms"), .int, nullable: true)),
            "enterpriseCount": .value(ValueField(.column("enterprise_count"), .int)),
            "smeCount": .value(ValueField(.column("sme_count"), .int)),
            "aboveScaleCount": .value(ValueField(.column("above_scale_count"), .int, nullable: true)),
            "employees": .value(ValueField(.column("employees"), .int, nullable: true)),
        ],
        defaultOrder: [.column("year")]
    )

    /// Status on asOf (Art. 7, 12-19), from the set function `clusters_status_on` that holds the rule, as a subquery
    /// PostgreSQL inlines (index lookups for this cluster) rather than a function call per row (see validUntil).
    private static let clusterStatus = "(SELECT sub_st.status FROM clusters_status_on({asOf}) sub_st WHERE sub_st.cluster_id = {t}.id)"

    /// End (exclusive) of the recognition in force on asOf (Art. 16, 19), from the set function `clusters_valid_on`
    /// that holds the rule. Read as a subquery over it rather than through `cluster_valid_until_on`, its
    /// one-cluster wrapper: PostgreSQL inlines the set function into the statement (an index lookup per cluster),
    /// where the wrapper runs as a separate SQL function call per row (0.8 against 0.55 ms for a page of 20 at
    /// scale 100; 0.42 against 0.15 ms at scale 1).
    private static let clusterValidUntil = "(SELECT sub_v.valid_until FROM clusters_valid_on({asOf}) sub_v WHERE sub_v.cluster_id = {t}.id)"

    /// The prefecture of the applicant county (Art. 13-14); never null because the county's is not.
    ///
    /// Written as "the applicant county is one of the prefecture's counties" rather than "the prefecture's code is
    /// the county's prefecture code": in a filter (`clusters(where: {prefecture: {code: {eq: "520300"}}})`) the
    /// first lets PostgreSQL find the prefecture's counties once and use the index on the applicant county, where
    /// the second ran a subquery for every cluster (issue 7: 0.19 to 0.12 s for the analyst filter at scale 100).
    private static let clusterPrefectureCondition = """
        {t}.applicant_county_code IN (SELECT sub_county.code FROM county sub_county
            WHERE sub_county.prefecture_code = {r}.code)
        """
}
