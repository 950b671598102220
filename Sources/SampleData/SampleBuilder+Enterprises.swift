/// Enterprises of each cluster, their quality tiers (Art. 11(2)) and incidents (Art. 11, 19(5)).
extension SampleBuilder {
    /// Ends every generated enterprise name (e.g. 仁怀黔源酒业有限公司（样例）), so no sample company can be taken
    /// for a real one, in a list, a CSV export or a screenshot.
    static let sampleNameMarker = "（样例）"
    static let brandCharacters = Array("黔山源鑫华盛达丰瑞泰兴宏安和康金峰林润嘉恒远聚信顺德隆福美创益佳晟宇昌")

    func addEnterprises(for position: Int, random: inout SampleRandom) {
        let generated = clusters[position]
        let count: Int
        switch generated.lifecycle {
        case .recognized, .recognizedAfterRejection: count = random.int(45...105)
        case .rejected, .applying, .proposed: count = random.int(25...55)
        case .cultivating: count = random.int(15...35)
        }
        let weightedCounties = generated.counties.map { ($0.code, Double($0.share)) }
        var ids: [Int] = []
        for n in 0..<count {
            let countyCode = random.weighted(weightedCounties)
            // The first one or two enterprises are the cluster's large leading firms.
            let size: String = n < (generated.output > 5e9 ? 2 : 1)
                ? (generated.output > 2e9 ? "LARGE" : "MEDIUM")
                : random.weighted([("MEDIUM", 0.16), ("SMALL", 0.46), ("MICRO", 0.38)])
            let id = addEnterprise(countyCode: countyCode, clusterID: generated.id, sector: generated.sector,
                                   size: size, leading: n < 2, random: &random)
            ids.append(id)
        }
        clusters[position].enterpriseIDs = ids
        addScriptedIncidents(for: clusters[position], random: &random)
    }

    func addUnaffiliatedEnterprises(count: Int, random: inout SampleRandom) {
        let sectors = Sector.allCases
        for _ in 0..<count {
            let countyCode = random.pick(references.countyCodes)
            let size = random.weighted([("MEDIUM", 0.1), ("SMALL", 0.45), ("MICRO", 0.45)])
            _ = addEnterprise(countyCode: countyCode, clusterID: nil, sector: random.pick(sectors), size: size,
                              leading: false, random: &random)
        }
    }

    private func addEnterprise(countyCode: String, clusterID: Int?, sector: Sector, size: String, leading: Bool,
                               random: inout SampleRandom) -> Int {
        let id = id("enterprise")
        let shortName = county(countyCode)?.shortName ?? "贵州"
        var name = ""
        for attempt in 0..<20 {
            let brand = String([random.pick(Self.brandCharacters), random.pick(Self.brandCharacters)])
            let form = size == "LARGE" || (size == "MEDIUM" && random.chance(0.3)) ? "股份有限公司" : "有限公司"
            name = "\(shortName)\(brand)\(random.pick(sector.nameWords))\(form)"
            if attempt == 19 { name = "\(shortName)\(brand)\(random.pick(sector.nameWords))第\(id)\(form)" }
            if usedEnterpriseNames.insert(name).inserted { break }
        }
        // Generated names read like real companies' and some carry incidents: the marker makes each one a sample.
        name += Self.sampleNameMarker
        var creditCode = CreditCode.make(countyCode: countyCode, random: &random)
        while !usedCreditCodes.insert(creditCode).inserted {
            creditCode = CreditCode.make(countyCode: countyCode, random: &random)
        }
        let founded = sector.hasTimeHonoredBrands && random.chance(0.04)
            ? SampleDate(random.int(1952...1989), random.int(1...12), random.int(1...28))
            : SampleDate(random.int(1996...2023), random.int(1...12), random.int(1...28))
        let (employees, revenue): (Int, Double)
        switch size {
        case "LARGE": (employees, revenue) = (random.int(1000...6000), random.double(4e8...6e9))
        case "MEDIUM": (employees, revenue) = (random.int(300...999), random.double(2e7...4e8))
        case "SMALL": (employees, revenue) = (random.int(20...299), random.double(3e6...2e7))
        default: (employees, revenue) = (random.int(2...19), random.double(1e5...3e6))
        }
        let rd: Money? = size == "MICRO" && random.chance(0.4)
            ? nil : Money(yuan: revenue * random.double(0.008...0.06), roundedTo: 100)
        let inLeadingIndustry = clusterID != nil && random.chance(0.86)
        enterprise.append([
            String(id), creditCode, name, countyCode, clusterID.map(String.init), size, String(inLeadingIndustry),
            String(leading), founded.description, String(employees), Money(yuan: revenue, roundedTo: 100).description,
            rd.text, "true",
        ])
        if size != "LARGE" || sector.isManufacturing {
            addQualifications(enterprise: id, sector: sector, size: size, founded: founded, random: &random)
        }
        if random.chance(0.012) {
            addIncident(enterprise: id, on: SampleDate(random.int(2021...2026), random.int(1...10), random.int(1...28)),
                        kind: nil, grade: nil, random: &random)
        }
        return id
    }

    private func addQualification(_ enterprise: Int, _ kind: String, _ level: String, granted: SampleDate,
                                  years: Int?, body: String) {
        let id = id("qualification")
        qualification.append([
            String(id), String(enterprise), kind, level, granted.description,
            years.map { granted.adding(years: $0).description }, body, "样例-\(kind)-\(id)",
        ])
    }

    private func addQualifications(enterprise id: Int, sector: Sector, size: String, founded: SampleDate,
                                   random: inout SampleRandom) {
        let isSME = size != "LARGE"
        let foundedYear = founded.year
        func grant(_ years: ClosedRange<Int>, month: ClosedRange<Int> = 1...12) -> SampleDate {
            SampleDate(max(years.lowerBound, min(years.upperBound, max(foundedYear + 2, random.int(years)))),
                       random.int(month), random.int(1...28))
        }
        var specialized = false
        if isSME && random.chance(0.15) {
            addQualification(id, "INNOVATIVE_SME", "PROVINCIAL", granted: grant(2022...2025), years: 3,
                             body: "贵州省工业和信息化厅")
            if random.chance(0.5) {
                specialized = true
                addQualification(id, "SPECIALIZED_SME", "PROVINCIAL", granted: grant(2021...2025), years: 3,
                                 body: "贵州省工业和信息化厅")
            }
        }
        if isSME && specialized && random.chance(sector.isManufacturing ? 0.2 : 0.08) {
            addQualification(id, "LITTLE_GIANT", "NATIONAL", granted: grant(2019...2025, month: 7...8), years: 3,
                             body: "工业和信息化部")
        }
        if sector.isManufacturing && (size == "LARGE" || size == "MEDIUM") && random.chance(0.05) {
            let national = random.chance(0.4)
            addQualification(id, "SINGLE_ITEM_CHAMPION", national ? "NATIONAL" : "PROVINCIAL",
                             granted: grant(2018...2024, month: 10...12), years: 3,
                             body: national ? "工业和信息化部" : "贵州省工业和信息化厅")
        }
        if isSME && random.chance(0.18) {
            addQualification(id, "TECH_SME", "NATIONAL", granted: grant(2025...2026, month: 3...9), years: 1,
                             body: "科学技术部（入库）")
        }
        if random.chance(sector.isManufacturing ? 0.14 : 0.06) {
            addQualification(id, "HIGH_TECH_ENTERPRISE", "NATIONAL", granted: grant(2020...2025, month: 10...12),
                             years: 3, body: "贵州省高新技术企业认定管理工作领导小组")
        }
        if sector.isAgricultural && random.chance(0.07) {
            let level = random.weighted([("NATIONAL", 0.1), ("PROVINCIAL", 0.5), ("PREFECTURE", 0.4)])
            addQualification(id, "AGRICULTURAL_LEADING", level, granted: grant(2019...2025), years: 2,
                             body: level == "NATIONAL" ? "农业农村部" : level == "PROVINCIAL" ? "贵州省农业农村厅" : "市州农业农村局")
        }
        if sector.hasTimeHonoredBrands && foundedYear < 1990 && random.chance(0.3) {
            // 中华老字号 is granted by the Ministry of Commerce only (a province's own 贵州老字号 is another title). The draw
            // that once chose a level is kept, so every later row of the sample stays as it was.
            _ = random.chance(0.5)
            addQualification(id, "TIME_HONORED_BRAND", "NATIONAL", granted: grant(2010...2024), years: nil, body: "商务部")
        }
    }

    /// Adds one incident; nil kind or grade means "draw a plausible one" (mostly minor).
    func addIncident(enterprise: Int, on date: SampleDate, kind: String?, grade: String?, random: inout SampleRandom) {
        let kind = kind ?? random.weighted([
            ("SAFETY_ACCIDENT", 0.3), ("QUALITY_ACCIDENT", 0.15), ("ENVIRONMENTAL_ACCIDENT", 0.15),
            ("NETWORK_SECURITY", 0.08), ("DATA_SECURITY", 0.05), ("TAX_EVASION", 0.08), ("ILLEGAL_CONDUCT", 0.12),
            ("SERIOUS_DISHONESTY", 0.05), ("OTHER_MAJOR_ISSUE", 0.02),
        ])
        let graded = ["SAFETY_ACCIDENT", "QUALITY_ACCIDENT", "ENVIRONMENTAL_ACCIDENT", "NETWORK_SECURITY", "DATA_SECURITY"]
            .contains(kind)
        let grade = graded ? (grade ?? random.weighted([("GENERAL", 0.85), ("LARGER", 0.12), ("MAJOR", 0.03)])) : nil
        let (authority, text): (String, String)
        switch kind {
        case "SAFETY_ACCIDENT": (authority, text) = ("县应急管理局", "生产安全事故（样例）")
        case "QUALITY_ACCIDENT": (authority, text) = ("县市场监督管理局", "产品质量事故（样例）")
        case "ENVIRONMENTAL_ACCIDENT": (authority, text) = ("市州生态环境局", "环境污染事故（样例）")
        case "NETWORK_SECURITY": (authority, text) = ("网信部门", "网络安全事件（样例）")
        case "DATA_SECURITY": (authority, text) = ("网信部门", "数据安全事件（样例）")
        case "TAX_EVASION": (authority, text) = ("税务部门", "偷税漏税行为（样例）")
        case "SERIOUS_DISHONESTY": (authority, text) = ("发展改革部门", "列入严重失信主体名单（样例）")
        case "ILLEGAL_CONDUCT": (authority, text) = ("县市场监督管理局", "违法违规行为受到行政处罚（样例）")
        default: (authority, text) = ("县工业和信息化局", "其它重大问题（样例）")
        }
        incident.append([String(id("incident")), String(enterprise), kind, grade, date.description, authority, text,
                         "Sample data"])
    }

    /// The incidents the policy rules must find: the accident behind the one revocation on ground 5, a
    /// recent serious accident in a live cluster, and a major data-security incident in a 2026 applicant.
    private func addScriptedIncidents(for generated: GeneratedCluster, random: inout SampleRandom) {
        guard let first = generated.enterpriseIDs.first else { return }
        switch generated.lifecycle {
        case .recognized(_, .revoked(ground: "DISQUALIFYING_INCIDENT")):
            addIncident(enterprise: first, on: SampleDate(2025, 10, 12), kind: "SAFETY_ACCIDENT", grade: "LARGER",
                        random: &random)
        case .recognized(round: 2024, then: .none) where generated.sector == .metallurgy:
            addIncident(enterprise: generated.enterpriseIDs[generated.enterpriseIDs.count / 2],
                        on: SampleDate(2026, 3, 18), kind: "ENVIRONMENTAL_ACCIDENT", grade: "LARGER", random: &random)
        case .recognized(round: 2025, then: .none) where generated.sector == .coal:
            addIncident(enterprise: generated.enterpriseIDs[1 % generated.enterpriseIDs.count],
                        on: SampleDate(2026, 7, 2), kind: "ILLEGAL_CONDUCT", grade: nil, random: &random)
        case .applying(_, stage: 2):
            addIncident(enterprise: first, on: SampleDate(2024, 11, 20), kind: "DATA_SECURITY", grade: "MAJOR",
                        random: &random)
        default:
            break
        }
    }
}
