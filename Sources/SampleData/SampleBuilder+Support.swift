/// Support measures (Art. 6-10): provincial-fund grants and equity, bank credit, county grants and
/// services, each serving one of the six directions of Art. 6. Amounts are sample data.
extension SampleBuilder {
    private static let directions: [(String, Double)] = [
        ("LEADING_INDUSTRY", 0.28), ("INNOVATION", 0.2), ("DIGITAL", 0.2), ("GREEN", 0.14), ("OPENING_UP", 0.06),
        ("GOVERNANCE", 0.12),
    ]

    private static let titleWords: [String: String] = [
        "LEADING_INDUSTRY": "强链补链", "INNOVATION": "协同创新平台建设", "DIGITAL": "数字化转型",
        "GREEN": "绿色低碳改造", "OPENING_UP": "开放合作与市场拓展", "GOVERNANCE": "公共服务体系建设",
    ]

    private static let serviceProviders = [
        "全省中小企业公共服务平台网络（样例）", "小型微型企业创业创新示范基地（样例）", "省级行业协会（样例）",
        "中小企业服务中心（样例）",
    ]

    func addSupport(for generated: GeneratedCluster, random: inout SampleRandom) {
        let count: Int
        let firstYear: Int
        switch generated.lifecycle {
        case .recognized(let round, _), .recognizedAfterRejection(_, let round):
            count = random.int(4...9)
            firstYear = round - 1
        case .cultivating(let since):
            count = random.int(0...3)
            firstYear = since
        default:
            count = random.int(1...3)
            firstYear = 2023
        }
        let lastYear = generated.revokedOn?.year ?? 2026
        guard count > 0, firstYear <= lastYear, let applicant = county(generated.applicant) else { return }
        let recognized = generated.lifecycle.isRecognized
        for _ in 0..<count {
            let year = random.int(firstYear...lastYear)
            let direction = random.weighted(Self.directions)
            let route = random.weighted([
                ("SME_GRANT", recognized ? 0.35 : 0.5), ("EQUITY", recognized && generated.sector.isManufacturing ? 0.12 : 0.03),
                ("LOAN", 0.2), ("COUNTY_GRANT", 0.13), ("SERVICE", 0.2),
            ])
            let fund: String?, provider: String?, level: String, kind: String, amount: Money?
            switch route {
            case "SME_GRANT":
                (fund, provider, level, kind) = ("SME_DEVELOPMENT_FUND", nil, "PROVINCIAL", "GRANT")
                amount = Money(yuan: random.double(5e5...5e6), roundedTo: 10_000)
            case "EQUITY":
                let industrial = random.chance(0.6)
                (fund, provider, level, kind) = (industrial ? "NEW_INDUSTRIALIZATION_FUND" : "NEW_MOMENTUM_FUND", nil,
                                                 "PROVINCIAL", "EQUITY")
                amount = Money(yuan: random.double(2e7...3e8), roundedTo: 1_000_000)
            case "LOAN":
                (fund, provider, level, kind) = ("BANK_CREDIT", "合作商业银行（样例）", "FINANCIAL_INSTITUTION", "LOAN")
                amount = Money(yuan: random.double(5e6...2e8), roundedTo: 100_000)
            case "COUNTY_GRANT":
                (fund, provider, level, kind) = (nil, "\(applicant.name)工业和信息化局", "COUNTY", "GRANT")
                amount = Money(yuan: random.double(2e5...2e6), roundedTo: 10_000)
            default:
                (fund, provider, level, kind) = (nil, random.pick(Self.serviceProviders), "SERVICE_BODY", "SERVICE")
                amount = nil
            }
            let latestDay = year == 2026 ? RoundCalendar.cutoff : SampleDate(year, 12, 31)
            let approved = SampleDate(year, 1, 1).adding(days: random.int(30...max(30, SampleDate(year, 1, 1).days(until: latestDay))))
            let words = Self.titleWords[direction] ?? "集群培育"
            let title = kind == "SERVICE" ? "\(words)服务：政策咨询与培训对接" : "\(generated.industry)集群\(words)项目"
            let measureID = id("support_measure")
            supportMeasure.append([
                String(measureID), String(generated.id), fund, provider, level, kind, direction,
                amount.text, String(year), approved.description, title, "样例数据 Sample data", "true", "S-\(measureID)",
            ])
        }
    }
}
