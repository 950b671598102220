/// One sample cluster as the other builders need it: where it is, what it does, and what happened to it.
struct GeneratedCluster {
    let id: Int
    let code: String
    let name: String
    let industry: String
    let counties: [(code: String, share: Int)]
    let sector: Sector
    /// Output in 2025, yuan.
    let output: Double
    let lifecycle: Lifecycle
    let operatingBody: String?
    let poolEntry: SampleDate
    let energyIntensive: Bool
    let waterIntensive: Bool
    /// Position in `ClusterBlueprint.all`, nil for clusters from the public notice.
    let blueprintIndex: Int?
    var applicant: String { counties[0].code }
    /// Recognitions in date order: (id, recognised on, valid until).
    var recognitions: [(id: Int, on: SampleDate, until: SampleDate)] = []
    var revokedOn: SampleDate?
    var enterpriseIDs: [Int] = []
}

/// Builds the whole sample data set. A class because the per-concern builders (enterprises, indicators,
/// process, support) share the tables and id counters; it never leaves the generator.
final class SampleBuilder {
    let references: ReferenceData
    let scale: Int
    var random: SampleRandom

    var clusters: [GeneratedCluster] = []
    var usedCreditCodes: Set<String> = []
    var usedEnterpriseNames: Set<String> = []
    var clusterCodeSequence: [String: Int] = [:]
    var nextID: [String: Int] = [:]

    var cluster = CopyTable("cluster", ["id", "code", "name", "name_en", "leading_industry", "leading_industry_en",
                                        "industrial_base_code", "operating_body", "applicant_county_code", "status_code",
                                        "pool_entry_date", "energy_intensive", "water_intensive", "description",
                                        "is_sample", "public_source"])
    var clusterCounty = CopyTable("cluster_county", ["cluster_id", "county_code", "output_share"])
    var indicator = CopyTable("cluster_indicator", [
        "cluster_id", "year", "output_value", "sme_output_value", "leading_industry_output_value", "sme_rd_expenditure",
        "sme_invention_patents", "local_supply_share", "cloud_adoption_rate", "industrial_software_rate", "co2_intensity",
        "energy_intensity", "energy_intensity_benchmark", "water_intensity", "water_intensity_benchmark", "export_value",
        "international_activities", "overseas_branches", "service_platforms", "enterprise_count", "sme_count",
        "above_scale_count", "employees"])
    var enterprise = CopyTable("enterprise", ["id", "credit_code", "name", "county_code", "cluster_id", "size_code",
                                              "in_leading_industry", "is_leading_enterprise", "founded_on", "employees",
                                              "revenue", "rd_expenditure", "is_sample"])
    var qualification = CopyTable("qualification", ["id", "enterprise_id", "kind_code", "level_code", "granted_on",
                                                    "expires_on", "granting_body", "certificate_no"])
    var incident = CopyTable("incident", ["id", "enterprise_id", "kind_code", "grade_code", "occurred_on",
                                          "determined_by", "description", "source"])
    var supportMeasure = CopyTable("support_measure", ["id", "cluster_id", "fund_code", "provider", "granting_level_code",
                                                       "kind_code", "direction_code", "amount_yuan", "year", "approved_on",
                                                       "title", "note", "is_sample", "measure_no"])
    var applicationRound = CopyTable("application_round", ["year", "call_title", "call_issued_on", "deadline",
                                                           "standard_code", "note", "is_sample"])
    var application = CopyTable("application", [
        "id", "round_year", "cluster_id", "applicant_county_code", "prefecture_code", "submitted_on", "first_review_on",
        "site_check_on", "recommended_on", "provincial_review_on", "spot_check_on", "public_notice_from",
        "public_notice_to", "decided_on", "outcome_code", "first_review_by", "rejection_reason"])
    var recognition = CopyTable("recognition", ["id", "cluster_id", "application_id", "recognized_on", "notice_no"])
    var renewal = CopyTable("recognition", ["id", "cluster_id", "review_id", "recognized_on", "notice_no"])
    var review = CopyTable("review", ["id", "cluster_id", "recognition_id", "prefecture_code", "requested_on",
                                      "decided_on", "outcome_code", "note"])
    var changeFiling = CopyTable("change_filing", ["id", "cluster_id", "change_kind_code", "changed_on", "filed_on",
                                                   "old_value", "new_value", "description"])
    var annualReport = CopyTable("annual_report", ["id", "cluster_id", "year", "prefecture_code", "submitted_on", "summary"])
    var monitoring = CopyTable("monitoring_check", ["id", "cluster_id", "checked_on", "checked_by", "cooperated", "finding"])
    var misconductFinding = CopyTable("misconduct_finding", ["id", "cluster_id", "found_on", "found_by", "description", "source"])
    var revocation = CopyTable("revocation", ["id", "cluster_id", "recognition_id", "ground_code", "revoked_on",
                                              "notice_no", "note"])

    init(references: ReferenceData, scale: Int, seed: UInt64) {
        self.references = references
        self.scale = scale
        self.random = SampleRandom(seed: seed)
    }

    /// Next surrogate key for `table` (1, 2, 3, … in generation order, so keys are deterministic too).
    func id(_ table: String) -> Int {
        let value = nextID[table, default: 1]
        nextID[table] = value + 1
        return value
    }

    func county(_ code: String) -> ReferenceData.County? {
        references.counties[code]
    }

    func build() -> SampleDataSet {
        addRounds()
        for replica in 0..<scale {
            for (index, blueprint) in ClusterBlueprint.all.enumerated() {
                addCluster(blueprint: blueprint, lifecycle: Lifecycle.plan(index), replica: replica, index: index)
            }
            if replica == 0 {
                for proposed in references.proposed {
                    addProposedCluster(proposed)
                }
            }
        }
        for position in clusters.indices {
            var clusterRandom = random.fork(UInt64(clusters[position].id))
            addEnterprises(for: position, random: &clusterRandom)
            addIndicators(for: clusters[position], random: &clusterRandom)
            addProcess(for: position, random: &clusterRandom)
            addSupport(for: clusters[position], random: &clusterRandom)
        }
        var looseRandom = random.fork(0xE17E)
        addUnaffiliatedEnterprises(count: 250 * scale, random: &looseRandom)
        return SampleDataSet(tables: [
            cluster, clusterCounty, indicator, enterprise, qualification, incident, supportMeasure,
            applicationRound, application, recognition, review, renewal, changeFiling, annualReport, monitoring,
            misconductFinding, revocation,
        ])
    }

    private func addRounds() {
        for year in RoundCalendar.years {
            guard let round = RoundCalendar.rounds[year] else { continue }
            applicationRound.append([
                String(year), "关于组织开展\(year)年度贵州省中小企业特色产业集群申报工作的通知（样例）",
                round.callIssued.description, round.deadline.description, "GZ-SAMPLE-2023",
                "Sample dates; the real call texts were not found.", "true",
            ])
        }
    }

    private func nextClusterCode(county: String) -> String {
        let sequence = clusterCodeSequence[county, default: 0] + 1
        clusterCodeSequence[county] = sequence
        return "GZTS-\(county)-\(sequence < 10 ? "0" : "")\(sequence)"
    }

    private func addCluster(blueprint: ClusterBlueprint, lifecycle: Lifecycle, replica: Int, index: Int) {
        guard let applicant = county(blueprint.counties[0].code) else { return }
        var local = random.fork(UInt64(replica * 1000 + index) &+ 0xC1)
        let id = id("cluster")
        let suffix = replica == 0 ? "" : "（样例\(replica + 1)）"
        let suffixEn = replica == 0 ? "" : " (sample \(replica + 1))"
        let industryWord = blueprint.industry.hasSuffix("产业") ? String(blueprint.industry.dropLast(2)) : blueprint.industry
        let name = (blueprint.name ?? "\(applicant.name)\(industryWord)产业集群") + suffix
        let nameEn = (blueprint.nameEn ?? "\(applicant.shortNameEn) \(blueprint.industryEn) cluster") + suffixEn
        let poolYear: Int
        switch lifecycle {
        case .cultivating(let since): poolYear = since
        case .applying(let round, _): poolYear = round - local.int(1...2)
        default: poolYear = (lifecycle.recognitionRound ?? 2024) - local.int(1...2)
        }
        let poolEntry = SampleDate(poolYear, local.int(3...11), local.int(1...28))
        let hasBody = lifecycle.isRecognized || local.chance(0.5)
        let body = hasBody ? "\(applicant.name)\(industryWord)产业集群发展服务中心" : nil
        let output = blueprint.output * 1e8 * local.double(0.9...1.1)
        let generated = GeneratedCluster(
            id: id, code: nextClusterCode(county: applicant.code), name: name, industry: blueprint.industry,
            counties: blueprint.counties, sector: blueprint.sector, output: output, lifecycle: lifecycle,
            operatingBody: body, poolEntry: poolEntry,
            energyIntensive: blueprint.sector.isEnergyIntensive, waterIntensive: blueprint.sector.isWaterIntensive,
            blueprintIndex: index)
        cluster.append([
            String(id), generated.code, name, nameEn, blueprint.industry, blueprint.industryEn, blueprint.base, body,
            applicant.code, lifecycle.status, poolEntry.description, String(generated.energyIntensive),
            String(generated.waterIntensive),
            "【样例数据 Sample data】以\(applicant.prefectureName)\(applicant.name)等地的\(blueprint.industry)产业为背景生成的样例集群，非官方认定记录。",
            "true", nil,
        ])
        for (code, share) in blueprint.counties {
            clusterCounty.append([String(id), code, "\(share).00"])
        }
        clusters.append(generated)
    }

    private func addProposedCluster(_ proposed: ReferenceData.ProposedCluster) {
        guard let applicant = county(proposed.countyCode) else { return }
        let (sector, industryEn) = Self.sector(forPublishedIndustry: proposed.leadingIndustry)
        var local = random.fork(UInt64(proposed.noticeID) &+ 0x9A)
        let id = id("cluster")
        let output = local.double(20...90) * 1e8
        let generated = GeneratedCluster(
            id: id, code: nextClusterCode(county: applicant.code), name: proposed.name,
            industry: proposed.leadingIndustry, counties: [(applicant.code, 100)], sector: sector, output: output,
            lifecycle: .proposed(proposed), operatingBody: nil, poolEntry: SampleDate(2022, local.int(3...11), 1),
            energyIntensive: sector.isEnergyIntensive, waterIntensive: sector.isWaterIntensive, blueprintIndex: nil)
        cluster.append([
            String(id), generated.code, proposed.name,
            Self.publishedNamesEn[proposed.name] ?? "\(applicant.shortNameEn) \(industryEn) cluster",
            proposed.leadingIndustry, industryEn, nil, nil, applicant.code, "APPLYING",
            generated.poolEntry.description, String(generated.energyIntensive), String(generated.waterIntensive),
            "名称、所在县与主导产业取自贵州省工信厅2023年度拟认定名单公示（公示期2023-07-31至08-04，最终认定文件未找到）；其余数据为样例。"
                + " Name, county and industry from the 2023 publicity notice of proposed clusters (final notice not found); all other data is sample data.",
            "true", proposed.source,
        ])
        clusterCounty.append([String(id), applicant.code, "100.00"])
        clusters.append(generated)
    }

    /// English for the names in the 2023 publicity notice, written out in full so a reader understands what each
    /// cluster makes (a translation of the published Chinese name, which stays the official `name`).
    static let publishedNamesEn: [String: String] = [
        "盘州市复杂煤层煤机装备制造产业集群": "Panzhou coal-mining machinery for complex seams cluster",
        "玉屏县锰系新型功能材料产业集群": "Yuping manganese-based functional materials cluster",
        "乌当区中成药研发生产产业集群": "Wudang traditional Chinese patent medicine R&D and production cluster",
        "水城区电解铝梯次就地转化及铝制家居制品产业集群": "Shuicheng aluminium cluster: electrolytic aluminium processed on site into aluminium home products",
        "兴义市新材料产业集群": "Xingyi new materials cluster",
        "习水县白酒配套产业集群": "Xishui baijiu supporting industries cluster",
        "贵安先进装备制造产业集群": "Gui'an advanced equipment manufacturing cluster",
        "湄潭县干净茶加工产业集群": "Meitan clean tea processing cluster",
    ]

    /// Maps the industry wording of the public notice to a sector for generating plausible enterprises.
    static func sector(forPublishedIndustry industry: String) -> (Sector, String) {
        if industry.contains("白酒") { return (.baijiu, "baijiu supporting industries") }
        if industry.contains("装备") { return (.equipment, "equipment manufacturing") }
        if industry.contains("医药") { return (.pharma, "health and medicine") }
        if industry.contains("能源") { return (.batteryMaterials, "new-energy materials") }
        if industry.contains("材料") { return (.metallurgy, "materials") }
        if industry.contains("食品") || industry.contains("茶") { return (.tea, "tea and food processing") }
        return (.equipment, "manufacturing")
    }
}
