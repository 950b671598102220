/// What each rule of the database says, in Chinese, when it refuses a row (an import's row, a mutation's step).
extension Catalog {
    /// The rules of the measures the database enforces row by row, by constraint name, in Chinese with their article:
    /// the database's own messages are English and name internal ids. Read by imports and by refused mutations.
    public static let refusalsInChinese: [String: String] = [
        "application_submitted_in_round_year": "申报日期须在申报年度之内（第十二条）",
        "application_first_review_after_submission": "初审日期不能早于申报日期（第十四条）",
        "application_site_check_after_first_review": "实地核查日期不能早于初审日期（第十四条）",
        "application_recommended_after_review": "推荐日期不能早于初审或实地核查日期（第十四条）",
        "application_recommended_after_first_review": "市（州）只推荐已受理并初审的申报（第十四条）",
        "application_provincial_review_after_recommendation": "省级评审日期不能早于推荐日期（第十五条）",
        "application_provincial_review_needs_recommendation": "省级只评审市（州）已推荐的申报（第十五条）",
        "application_spot_check_after_recommendation": "抽查日期不能早于推荐日期（第十五条）",
        "application_notice_after_provincial_review": "公示不能早于省级评审（第十五条）",
        "application_notice_needs_provincial_review": "公示的须是省级已评审的申报（第十五条）",
        "application_notice_period": "公示结束日期不能早于开始日期",
        "application_notice_has_end": "公示须有开始和结束日期",
        "application_decided_last": "决定日期须在各环节之后（第十五条）",
        "application_outcome_dated": "已有结果的申报须有决定日期，待定的不能有",
        "application_approval_after_notice": "批准须在公示之后（第十五条）",
        "application_approved_after_every_stage": "批准须经初审、推荐、省级评审和公示，并在公示无异议后作出（第十四、十五条）",
        "review_after_validity": "复核须在认定有效期满后申请（第十六条）",
        "review_through_cluster_prefecture": "复核须经集群所在市（州）申请（第十六条）",
        "review_of_unrevoked_recognition": "已撤销的认定不能复核，集群须重新申报（第十六、十九条）",
        "review_decided_after_request": "复核决定日期不能早于申请日期",
        "review_outcome_dated": "已有结果的复核须有决定日期，待定的不能有",
        "revocation_within_validity": "撤销须在认定有效期内（第十九条）",
        "revocation_before_review": "认定已经复核，撤销须早于复核",
        "enterprise_county_in_cluster": "企业所在县须是其所属集群的所在县之一（第二条）",
        "enterprise_credit_code_valid": "统一社会信用代码不合 GB 32100-2015",
        "incident_grade_required": "此类事件须填写等级",
        "incident_grade_not_applicable": "此类事件不分等级，等级须留空",
        "support_measure_amount_required": "资金类支持须填写金额",
        "support_measure_amount_not_applicable": "非资金类支持不填金额",
        "annual_report_after_year_start": "年度报告须在报告年度开始之后报送（第十八条）",
        "recognition_has_one_basis": "认定须依据一次申报或一次复核，二者选一",
        "recognition_validity_years_check": "有效期须为 1 到 10 年",
        "recognition_application_same_cluster": "认定所据的申报须属于同一集群（第十五条）",
        "recognition_application_approved": "申报经省级批准后方可认定（第十五条）",
        "recognition_after_notice": "公示无异议、公示期结束后方可认定（第十五条）",
        "recognition_review_approved": "重新认定须依据通过的复核（第十六条）",
        "recognition_after_review": "重新认定日期不能早于复核决定日期（第十六条）",
        "application_accepted_after_submission": "受理日期不能早于申报日期（第十四条）",
        "application_first_review_after_acceptance": "初审日期不能早于受理日期（第十四条）",
    ]

    /// The article a Chinese refusal names (`第十四条` → `Art. 14`, `第十四、十五条` → `Art. 14, 15`), or nil.
    public static func article(inChinese text: String) -> String? {
        guard let start = text.firstIndex(of: "第"), let end = text[start...].firstIndex(of: "条") else { return nil }
        let numbers = text[text.index(after: start)..<end].split(separator: "、").compactMap { chineseNumber(String($0)) }
        return numbers.isEmpty ? nil : "Art. " + numbers.map(String.init).joined(separator: ", ")
    }

    /// 一 … 九十九 as a number.
    static func chineseNumber(_ text: String) -> Int? {
        let digits: [Character: Int] = ["一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]
        if text == "十" { return 10 }
        if let ten = text.firstIndex(of: "十") {
            let tens = text[..<ten].isEmpty ? 1 : text[..<ten].first.flatMap { digits[$0] }
            let units = text[text.index(after: ten)...].isEmpty ? 0 : text[text.index(after: ten)...].first.flatMap { digits[$0] }
            guard let tens, let units, text.count <= 3 else { return nil }
            return tens * 10 + units
        }
        guard text.count == 1, let first = text.first else { return nil }
        return digits[first]
    }
}
