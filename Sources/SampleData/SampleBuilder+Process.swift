/// The recognition process for each cluster: applications with stage dates (Art. 13-15), recognitions
/// and re-reviews (Art. 16), change filings (Art. 17), annual reports (Art. 18), monitoring and
/// revocations (Art. 19), following the cluster's planned lifecycle.
extension SampleBuilder {
    func addProcess(for position: Int, random: inout SampleRandom) {
        let generated = clusters[position]
        switch generated.lifecycle {
        case .recognized(let round, let aftermath):
            let applicationID = addApplication(generated, round: round, outcome: "APPROVED", random: &random)
            recognize(position, round: round, applicationID: applicationID)
            addAftermath(position, aftermath, random: &random)
        case .recognizedAfterRejection(let rejectedIn, let round):
            _ = addApplication(generated, round: rejectedIn, outcome: "REJECTED", random: &random)
            let applicationID = addApplication(generated, round: round, outcome: "APPROVED", random: &random)
            recognize(position, round: round, applicationID: applicationID)
        case .rejected(let round):
            _ = addApplication(generated, round: round, outcome: "REJECTED", random: &random)
        case .applying(let round, let stage):
            _ = addApplication(generated, round: round, outcome: "PENDING", stage: stage, random: &random)
        case .proposed(let notice):
            _ = addApplication(generated, round: notice.year, outcome: "PENDING", stage: 4, random: &random)
        case .cultivating:
            break
        }
        let current = clusters[position]
        if current.lifecycle.isRecognized {
            addAnnualReports(current, random: &random)
            addChangeFilings(current, random: &random)
            addMonitoring(current, random: &random)
            addMisconductFinding(current)
        }
    }

    /// Blueprint 12 (recognised 2024) is found, after its latest recognition, to have overstated its application (Art. 19(2)), so
    /// the revocation-risk rules have a case on every ground. Draws nothing, so the other rows do not move.
    private func addMisconductFinding(_ generated: GeneratedCluster) {
        guard generated.blueprintIndex == 12, generated.revokedOn == nil, let latest = generated.recognitions.last else { return }
        let found = latest.on.adding(days: 120)
        guard found <= RoundCalendar.cutoff else { return }
        misconductFinding.append([String(id("misconduct_finding")), String(generated.id), found.description,
                                  "贵州省工业和信息化厅", "抽查发现申报材料中集群产值数据不实（样例）", "样例数据"])
    }

    /// Adds an application; `stage` (0 submitted, 1 first review, 2 recommended, 3 provincial review,
    /// 4 public notice) only matters for pending ones. Returns its id.
    private func addApplication(_ generated: GeneratedCluster, round year: Int, outcome: String, stage: Int = 5,
                                random: inout SampleRandom) -> Int {
        guard let round = RoundCalendar.rounds[year], let applicant = county(generated.applicant) else { return 0 }
        let id = id("application")
        // Walk back from the deadline so every stage fits between the call and the deadline.
        let recommended = round.deadline.adding(days: -random.int(0...10))
        let siteCheck = recommended.adding(days: -random.int(2...6))
        let firstReview = siteCheck.adding(days: -random.int(3...8))
        let submitted = max(round.callIssued.adding(days: 7), firstReview.adding(days: -random.int(5...12)))
        let spotCheck: SampleDate? = random.chance(0.3)
            ? min(round.provincialReviewDone, recommended.adding(days: random.int(10...30))) : nil
        let reached = outcome == "PENDING" ? stage : (outcome == "APPROVED" ? 5 : 3)
        func at<T>(_ level: Int, _ value: T) -> T? { reached >= level ? value : nil }
        let decided: SampleDate? = outcome == "PENDING" ? nil : round.decided
        application.append([
            String(id), String(year), String(generated.id), applicant.code, applicant.prefectureCode,
            submitted.description,
            at(1, firstReview.description), at(1, siteCheck.description), at(2, recommended.description),
            at(3, round.provincialReviewDone.description), at(3, spotCheck?.description).flatMap { $0 },
            at(4, round.noticeFrom.description), at(4, round.noticeTo.description), decided?.description, outcome,
            "\(applicant.prefectureName)工业和信息化局",
            outcome == "REJECTED" ? "未达到认定标准：主导产业占比或产值规模不足（样例）" : nil,
        ])
        return id
    }

    private func recognize(_ position: Int, round year: Int, applicationID: Int) {
        guard let round = RoundCalendar.rounds[year] else { return }
        let id = id("recognition")
        recognition.append([String(id), String(clusters[position].id), String(applicationID),
                            round.decided.description, "样例〔\(year)〕\(id)号"])
        clusters[position].recognitions.append((id, round.decided, round.decided.adding(years: 3)))
    }

    private func addAftermath(_ position: Int, _ aftermath: Lifecycle.Aftermath, random: inout SampleRandom) {
        guard let first = clusters[position].recognitions.first,
              let applicant = county(clusters[position].applicant) else { return }
        let clusterID = clusters[position].id
        switch aftermath {
        case .none, .expired:
            break
        case .reReviewed(let passed):
            let reviewID = id("review")
            let requested = first.until.adding(days: random.int(1...20))
            let decided: SampleDate? = passed == nil ? nil : SampleDate(2026, 10, 23)
            review.append([
                String(reviewID), String(clusterID), String(first.id), applicant.prefectureCode,
                requested.description, decided?.description,
                passed == nil ? "PENDING" : (passed == true ? "APPROVED" : "REJECTED"), "复核（样例）",
            ])
            if passed == true, let decided {
                let renewalID = id("recognition")
                renewal.append([String(renewalID), String(clusterID), String(reviewID), decided.description,
                                "样例〔2026〕复\(renewalID)号"])
                clusters[position].recognitions.append((renewalID, decided, decided.adding(years: 3)))
            }
        case .revoked(let ground):
            let revokedOn = ground == "REPORTING_FAILURE" ? SampleDate(2025, 6, 16) : SampleDate(2025, 12, 8)
            let note = ground == "REPORTING_FAILURE"
                ? "2024年度发展情况未按期报送，且不配合监测（样例）"
                : "集群企业2025-10-12发生较大安全事故（样例）"
            revocation.append([String(id("revocation")), String(clusterID), String(first.id), ground,
                               revokedOn.description, "样例〔2025〕撤\(clusterID)号", note])
            clusters[position].revokedOn = revokedOn
        }
    }

    /// One report per recognised year while the cluster was live (Art. 18), mostly on time; the
    /// cluster revoked for reporting failure misses its 2024 report.
    private func addAnnualReports(_ generated: GeneratedCluster, random: inout SampleRandom) {
        guard let first = generated.recognitions.first, let applicant = county(generated.applicant) else { return }
        let revokedForReporting: Bool
        if case .recognized(_, .revoked(ground: "REPORTING_FAILURE")) = generated.lifecycle {
            revokedForReporting = true
        } else {
            revokedForReporting = false
        }
        for year in first.on.year...2025 {
            let due = SampleDate(year + 1, 3, 10)
            guard due <= RoundCalendar.cutoff else { continue }
            if let revoked = generated.revokedOn, revoked < due { continue }
            if revokedForReporting && year == 2024 { continue }
            let roll = random.unit()
            if roll < 0.05 { continue }  // missing
            let submitted = roll < 0.85 ? due.adding(days: -random.int(0...30)) : due.adding(days: random.int(1...50))
            annualReport.append([String(id("annual_report")), String(generated.id), String(year),
                                 applicant.prefectureCode, submitted.description,
                                 "\(year)年度集群发展情况报告（样例）"])
        }
    }

    /// About one cluster in three records a major change (Art. 17); most are filed within the month.
    private func addChangeFilings(_ generated: GeneratedCluster, random: inout SampleRandom) {
        // Blueprint 3 files late and blueprint 22 never files, so the Art. 17 rules always have cases.
        let forced: Character? = generated.blueprintIndex == 3 ? "L" : generated.blueprintIndex == 22 ? "U" : nil
        guard let first = generated.recognitions.first, forced != nil || random.chance(0.35) else { return }
        let latest = min(generated.revokedOn ?? RoundCalendar.cutoff, RoundCalendar.cutoff).adding(days: -40)
        let span = first.on.adding(days: 60).days(until: latest)
        guard span > 0 else { return }
        let changed = first.on.adding(days: 60 + random.int(0...span))
        let kind = generated.counties.count > 1
            ? random.weighted([("OPERATING_BODY", 0.4), ("SPATIAL_SCOPE", 0.4), ("LEADING_INDUSTRY", 0.2)])
            : random.weighted([("OPERATING_BODY", 0.7), ("LEADING_INDUSTRY", 0.3)])
        let roll = forced == "L" ? 0.8 : forced == "U" ? 0.95 : random.unit()
        let filed: SampleDate? = roll < 0.75 ? changed.adding(days: random.int(3...30))
            : roll < 0.9 ? changed.adding(days: random.int(35...90)) : nil
        let (old, new): (String, String)
        switch kind {
        case "SPATIAL_SCOPE":
            // The cluster grew from its applicant county alone to its present counties.
            old = "\(county(generated.applicant)?.name ?? generated.applicant) 100%"
            new = generated.counties.map { "\(county($0.code)?.name ?? $0.code) \($0.share)%" }.joined(separator: "；")
        case "LEADING_INDUSTRY":
            old = "\(generated.industry)（初级加工）"
            new = generated.industry
        default:
            old = "\(county(generated.applicant)?.name ?? "")工业园区管理委员会"
            new = generated.operatingBody ?? "集群运营管理机构"
        }
        changeFiling.append([String(id("change_filing")), String(generated.id), kind, changed.description,
                             filed?.description, old, new, "重大变动（样例）"])
    }

    /// A yearly monitoring visit while recognised; one cluster refuses once.
    private func addMonitoring(_ generated: GeneratedCluster, random: inout SampleRandom) {
        guard let first = generated.recognitions.first, let applicant = county(generated.applicant) else { return }
        for year in (first.on.year + 1)...2026 {
            let date = SampleDate(year, random.int(4...10), random.int(1...28))
            guard date <= RoundCalendar.cutoff else { continue }
            if let revoked = generated.revokedOn, revoked < date { continue }
            var cooperated = random.chance(0.97)
            if case .recognized(_, .revoked(ground: "REPORTING_FAILURE")) = generated.lifecycle { cooperated = false }
            monitoring.append([String(id("monitoring_check")), String(generated.id), date.description,
                               "\(applicant.prefectureName)工业和信息化局", String(cooperated),
                               cooperated ? "按要求配合监测（样例）" : "未配合监测（样例）"])
        }
    }
}
