/// Reference data of the programme: industrial bases, funds, recognition standards, plan targets (migration 0003) and
/// the notes on loaded data sets (0001).
extension Catalog {
    static let referenceEntities: [Entity] = [industrialBase, fund, recognitionStandard, recognitionStandardTitle, planTarget, dataSet]

    /// `industrial_base`: The six bases of Art. 3; listed in the official order (`rank`).
    private static let industrialBase = Entity(
        typeName: "IndustrialBase",
        table: "industrial_base",
        key: [.init("code", "text")],
        fields: [
            "code": .value(ValueField(.column("code"), .string)),
            "name": .value(ValueField(.column("name"), .string)),
            "nameEn": .value(ValueField(.column("name_en"), .string)),
            "description": .value(ValueField(.column("description"), .string, nullable: true)),
            "rank": .value(ValueField(.column("rank"), .int)),
            "clusters": .connection(Relation(target: "Cluster", condition: "{r}.industrial_base_code = {t}.code")),
        ],
        defaultOrder: [.column("rank")]
    )

    /// `fund`: The funding sources of Art. 7, keyed by code.
    private static let fund = Entity(
        typeName: "Fund",
        table: "fund",
        key: [.init("code", "text")],
        fields: [
            "code": .value(ValueField(.column("code"), .string)),
            "name": .value(ValueField(.column("name"), .string)),
            "nameEn": .value(ValueField(.column("name_en"), .string)),
            "kind": .value(ValueField(.column("kind_code"), .enumeration("FundKind"))),
            "managingBody": .value(ValueField(.column("managing_body"), .string, nullable: true)),
            "establishedYear": .value(ValueField(.column("established_year"), .int, nullable: true)),
            "sizeYuan": .value(ValueField(.column("size_yuan"), .decimal, nullable: true)),
            "sizeNote": .value(ValueField(.column("size_note"), .string)),
            "article": .value(ValueField(.column("article"), .string)),
            "source": .value(ValueField(.column("source"), .string, nullable: true)),
            "supportMeasures": .connection(Relation(target: "SupportMeasure", condition: "{r}.fund_code = {t}.code")),
            "supportByYear": .supportTotals(SupportTotals(.year, of: .fund)),
            "supportByDirection": .supportTotals(SupportTotals(.direction, of: .fund)),
            "supportByPrefecture": .supportTotals(SupportTotals(.prefecture, of: .fund)),
            "supportByCluster": .supportTotals(SupportTotals(.cluster, of: .fund)),
        ],
        defaultOrder: [.column("code")]
    )

    /// `recognition_standard`: Versioned thresholds of Art. 11; listed oldest call first.
    /// `recognition_standard_title`: The titles condition 2 counts under a standard (migration 0016); listed by
    /// standard, figure, kind and level.
    private static let recognitionStandardTitle = Entity(
        typeName: "RecognitionStandardTitle",
        table: "recognition_standard_title",
        key: [.init("standard_code", "text"), .init("kind_code", "text"), .init("level_code", "text")],
        fields: [
            "standard": .object(Relation(target: "RecognitionStandard", condition: "{r}.code = {t}.standard_code")),
            "measure": .value(ValueField(.column("measure_code"), .enumeration("EligibilityMeasure"))),
            "kind": .value(ValueField(.column("kind_code"), .enumeration("QualificationKind"))),
            "level": .value(ValueField(.column("level_code"), .enumeration("QualificationLevel"))),
        ],
        defaultOrder: [.column("measure_code")]
    )

    private static let recognitionStandard = Entity(
        typeName: "RecognitionStandard",
        table: "recognition_standard",
        key: [.init("code", "text")],
        fields: [
            "titles": .connection(Relation(target: "RecognitionStandardTitle", condition: "{r}.standard_code = {t}.code")),
            "code": .value(ValueField(.column("code"), .string)),
            "name": .value(ValueField(.column("name"), .string)),
            "issuer": .value(ValueField(.column("issuer"), .string)),
            "effectiveYear": .value(ValueField(.column("effective_year"), .int)),
            "isSample": .value(ValueField(.column("is_sample"), .boolean)),
            "source": .value(ValueField(.column("source"), .string)),
            "outputYears": .value(ValueField(.column("output_years"), .int)),
            "minOutputYuan": .value(ValueField(.column("min_output_yuan"), .decimal)),
            "minSmeOutputShare": .value(ValueField(.column("min_sme_output_share"), .float)),
            "leadingIndustryShareOver": .value(ValueField(.column("leading_industry_share_over"), .float)),
            "outputGrowthOver": .value(ValueField(.column("output_growth_over"), .float)),
            "minChampionsOrLittleGiants": .value(ValueField(.column("min_champions_or_little_giants"), .int)),
            "minOtherQualitySmes": .value(ValueField(.column("min_other_quality_smes"), .int)),
            "rdGrowthYears": .value(ValueField(.column("rd_growth_years"), .int)),
            "requirePatentGrowth": .value(ValueField(.column("require_patent_growth"), .boolean)),
            "minCloudAdoptionRate": .value(ValueField(.column("min_cloud_adoption_rate"), .float, nullable: true)),
            "minIndustrialSoftwareRate": .value(
                ValueField(.column("min_industrial_software_rate"), .float, nullable: true)),
            "requireCo2IntensityDecline": .value(ValueField(.column("require_co2_intensity_decline"), .boolean)),
            "requireEfficiencyBenchmarks": .value(ValueField(.column("require_efficiency_benchmarks"), .boolean)),
            "minLocalSupplyShare": .value(ValueField(.column("min_local_supply_share"), .float, nullable: true)),
            "minInternationalActivities": .value(
                ValueField(.column("min_international_activities"), .int, nullable: true)),
            "requireOperatingBody": .value(ValueField(.column("require_operating_body"), .boolean)),
            "minServicePlatforms": .value(ValueField(.column("min_service_platforms"), .int, nullable: true)),
            "incidentLookbackYears": .value(ValueField(.column("incident_lookback_years"), .int)),
            "note": .value(ValueField(.column("note"), .string, nullable: true)),
            "rounds": .connection(Relation(target: "ApplicationRound", condition: "{r}.standard_code = {t}.code")),
        ],
        defaultOrder: [.column("effective_year")]
    )

    /// `plan_target`: Plan-period targets of Art. 5; listed by period.
    private static let planTarget = Entity(
        typeName: "PlanTarget",
        table: "plan_target",
        key: [.init("code", "text")],
        fields: [
            "code": .value(ValueField(.column("code"), .string)),
            "name": .value(ValueField(.column("name"), .string)),
            "nameEn": .value(ValueField(.column("name_en"), .string)),
            "startYear": .value(ValueField(.column("start_year"), .int)),
            "endYear": .value(ValueField(.column("end_year"), .int)),
            "targetCount": .value(ValueField(.column("target_count"), .int)),
            "approximate": .value(ValueField(.column("approximate"), .boolean)),
            "article": .value(ValueField(.column("article"), .string)),
            "source": .value(ValueField(.column("source"), .string)),
        ],
        defaultOrder: [.column("start_year")]
    )

    /// `data_set`: What is loaded and how far it can be trusted (reference or sample).
    private static let dataSet = Entity(
        typeName: "DataSet",
        table: "data_set",
        key: [.init("code", "text")],
        fields: [
            "code": .value(ValueField(.column("code"), .string)),
            // The column holds lowercase words ('reference', 'sample'); the enum values are their upper case.
            "kind": .value(ValueField(.template("upper({t}.kind)"), .enumeration("DataSetKind"))),
            "title": .value(ValueField(.column("title"), .string)),
            "description": .value(ValueField(.column("description"), .string)),
            "source": .value(ValueField(.column("source"), .string, nullable: true)),
            "loadedAt": .value(ValueField(.template(dataSetLoadedAtSQL), .string)),
            // jsonb as its JSON text: the schema has no JSON scalar.
            "parameters": .value(ValueField(.template("{t}.parameters::text"), .string, sortable: false)),
            "loadedBy": .value(ValueField(.column("loaded_by"), .string, nullable: true)),
            "files": .value(ValueField(.template("{t}.files::text"), .string, sortable: false)),
            "counts": .value(ValueField(.template("{t}.counts::text"), .string, sortable: false)),
        ],
        defaultOrder: [.column("code")]
    )

    /// timestamptz has no scalar of its own: ISO 8601 in UTC, whatever the session's time zone.
    private static let dataSetLoadedAtSQL = #"""
        to_char({t}.loaded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
        """#
}
